package dev.berth.runtime.local.internal.cgroup;

import dev.berth.core.model.Resources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The cgroups of one installation (one data directory): each replica's cgroup is named {@code <8
 * hex digits of the data directory's hash>-<replicaId>}. Why: two control planes started in the
 * same cgroup share its {@code berth} directory, and a replica start kills whatever is left in a
 * cgroup of its name; with the installation in the name, one control plane can never kill another's
 * replica whose id happens to be the same.
 */
public final class InstallationCgroups implements Cgroups {
  private final Cgroups inner;
  private final String prefix;

  /**
   * @param marker the installation's identity (the data directory's real path)
   */
  public InstallationCgroups(Cgroups inner, String marker) {
    this.inner = inner;
    this.prefix = prefix(marker);
  }

  /** {@code "3fa9c2d1-"}: the first 32 bits of SHA-256 of the marker, in hex, and a dash. */
  static String prefix(String marker) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(marker.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 4) + "-";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The cgroup directory name of {@code replicaId}. */
  public String name(String replicaId) {
    return prefix + replicaId;
  }

  @Override
  public String kind() {
    return inner.kind();
  }

  @Override
  public Optional<CgroupHandle> create(String replicaId, Resources resources) {
    return inner.create(name(replicaId), resources);
  }

  @Override
  public Optional<CgroupHandle> open(String replicaId) {
    return inner.open(name(replicaId));
  }

  @Override
  public boolean limitsCpu() {
    return inner.limitsCpu();
  }
}
