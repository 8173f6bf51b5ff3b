package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.ReplicaSpec;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Which Berth installation replicas belong to, and where their private directories are.
 *
 * <p>{@code marker} identifies the installation by its data directory (the real, absolute path).
 * Every replica carries it in {@code BERTH_CONTROL_PLANE}, next to {@code BERTH_REPLICA}, so a
 * later control plane of the same data directory finds the processes a dead one left (in {@code
 * /proc/PID/environ}) and never mistakes another installation's replicas for its own.
 *
 * <p>Each service gets {@code <data>/apps/<project>/<environment>/<service>/home} as {@code HOME}
 * and {@code .../tmp} as {@code TMPDIR}, created 0700 with every directory from {@code apps} down.
 * Why: replicas run as the control plane's user; with the control plane's {@code HOME}, {@code cat
 * ~/.berth/config.json} from any app would print the admin token. Project, environment and service
 * names are validated DNS labels, so they cannot leave {@code apps}.
 *
 * <p>Files an app keeps across releases go to its persistent directories under {@code
 * <data>/volumes/<project>/<environment>/}: {@code services/<service>} for one service ({@code
 * BERTH_PERSISTENT_DIR}) and {@code shared} for every service of the environment ({@code
 * BERTH_SHARED_DIR}); both 0700, never touched by a deploy, a rollback or {@code berth destroy}.
 *
 * @param marker the installation's identity, the value of {@code BERTH_CONTROL_PLANE}
 * @param appsDir {@code <data>/apps}
 * @param volumesDir {@code <data>/volumes}
 */
public record Installation(String marker, Path appsDir, Path volumesDir) {
  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

  /** The installation whose data directory is {@code dataDir}. */
  public static Installation of(Path dataDir) {
    Path abs = realPath(dataDir.toAbsolutePath().normalize());
    return new Installation(abs.toString(), abs.resolve("apps"), abs.resolve("volumes"));
  }

  /**
   * The real path, so that the same data directory reached through a symlink is the same
   * installation; a part not created yet keeps its name below its nearest existing ancestor.
   */
  static Path realPath(Path abs) {
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs));
    } catch (IOException e) {
      return abs;
    }
  }

  private Path serviceDir(ReplicaSpec spec) {
    return appsDir.resolve(spec.project()).resolve(spec.environment()).resolve(spec.service());
  }

  /** The replica's {@code HOME}. */
  public Path home(ReplicaSpec spec) {
    return serviceDir(spec).resolve("home");
  }

  /** The replica's {@code TMPDIR}. */
  public Path tmp(ReplicaSpec spec) {
    return serviceDir(spec).resolve("tmp");
  }

  private Path environmentVolumes(ReplicaSpec spec) {
    return volumesDir.resolve(spec.project()).resolve(spec.environment());
  }

  /** The service's persistent directory ({@code BERTH_PERSISTENT_DIR}). */
  public Path persistent(ReplicaSpec spec) {
    return environmentVolumes(spec).resolve("services").resolve(spec.service());
  }

  /** The environment's shared persistent directory ({@code BERTH_SHARED_DIR}). */
  public Path shared(ReplicaSpec spec) {
    return environmentVolumes(spec).resolve("shared");
  }

  /**
   * Creates (or restricts) {@code HOME}, {@code TMPDIR} and the persistent directories of the
   * replica, all 0700.
   */
  public void prepare(ReplicaSpec spec) throws IOException {
    Path p = appsDir;
    privateDir(p);
    for (Path part : appsDir.relativize(serviceDir(spec))) {
      p = p.resolve(part);
      privateDir(p);
    }
    privateDir(home(spec));
    privateDir(tmp(spec));
    p = volumesDir;
    privateDir(p);
    for (Path part : volumesDir.relativize(persistent(spec))) {
      p = p.resolve(part);
      privateDir(p);
    }
    privateDir(shared(spec));
  }

  private static void privateDir(Path p) throws IOException {
    try {
      Files.createDirectories(p, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (FileAlreadyExistsException e) {
      // a symlink to a directory: fine
    }
    Files.setPosixFilePermissions(p, PRIVATE); // also when it existed, whatever the umask
  }
}
