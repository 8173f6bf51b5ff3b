package dev.berth.runtime.local.internal.cgroup;

import dev.berth.core.model.Resources;
import java.util.Optional;

/**
 * Creates per-replica cgroups that enforce limits. Three implementations: {@link CgroupsV1}, {@link
 * CgroupsV2} and {@link NoCgroups}, chosen once at start by {@link CgroupDetector}. With none, the
 * supervisor enforces memory limits by watching RSS and does not enforce CPU limits.
 */
public interface Cgroups {
  /** {@code v1}, {@code v2} or {@code none}, for logs and status messages. */
  String kind();

  /** A fresh cgroup for one run of {@code replicaId} with the limits set; empty with none. */
  Optional<CgroupHandle> create(String replicaId, Resources resources);

  /** The existing cgroup of {@code replicaId}, for a process adopted after a restart. */
  Optional<CgroupHandle> open(String replicaId);

  /** Whether CPU limits become a CFS quota (the cpu controller is writable); memory always is. */
  default boolean limitsCpu() {
    return false;
  }
}
