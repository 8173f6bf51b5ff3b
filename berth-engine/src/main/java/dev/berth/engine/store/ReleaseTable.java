package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/** Releases of environments: inserted once, then only their outcome changes. */
public interface ReleaseTable {
  /** Stores a new release; fails if its version exists already. */
  void insert(ReleaseRecord release);

  /**
   * Writes a release's outcome only: {@code status}, {@code reason}, {@code finishedAt}, {@code
   * phase}, and {@code liveAt} if it was not set yet.
   */
  void finish(ReleaseRecord release);

  Optional<ReleaseRecord> get(EnvironmentKey env, long version);

  /** The environment's releases, newest first, at most {@code limit} ({@code <= 0}: all). */
  List<ReleaseRecord> list(EnvironmentKey env, int limit);

  /** The releases of the environment in one status, newest first. */
  List<ReleaseRecord> withStatus(EnvironmentKey env, ReleaseStatus status);

  /** The highest version of the environment, 0 if it has none. */
  long latestVersion(EnvironmentKey env);
}
