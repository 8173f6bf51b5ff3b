package dev.berth.runtime.local.internal.cgroup;

import dev.berth.core.model.Resources;
import java.util.Optional;

/** No cgroups: the machine has none writable, or the operator turned them off. */
public final class NoCgroups implements Cgroups {
  @Override
  public String kind() {
    return "none";
  }

  @Override
  public Optional<CgroupHandle> create(String replicaId, Resources resources) {
    return Optional.empty();
  }

  @Override
  public Optional<CgroupHandle> open(String replicaId) {
    return Optional.empty();
  }
}
