package dev.berth.engine.release;

import dev.berth.core.decide.ArtifactRetention;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes old artifacts ({@link ArtifactRetention}): each environment keeps the artifacts of its
 * most recent releases, and always those of its live release, of the last release that went live
 * before it (the default rollback target), of a release still deploying and of its newest release.
 * An artifact shared by environments (a promotion) stays while any of them keeps it. An artifact no
 * release names at all (an upload whose apply never came, a build's source, the code of a destroyed
 * environment) is deleted once it has not been used for {@link #UNUSED_GRACE}: stored, or claimed
 * by a client about to apply it ({@link dev.berth.engine.artifact.ArtifactStore#claim}).
 *
 * <p>Why this is safe to run at any time: a release that may run again is protected or among the
 * most recent; everything deleted is beyond both, and {@code berth rollback} to such a release
 * fails with a clear "artifact not stored" rather than running something else.
 */
public final class ArtifactJanitor {
  private final Store store;
  private final AppCode code;
  private final ArtifactRetention retention;
  private final Clock clock;

  /** How long an artifact no release names is kept after its last use. */
  public static final Duration UNUSED_GRACE = Duration.ofHours(1);

  public ArtifactJanitor(Store store, AppCode code, ArtifactRetention retention, Clock clock) {
    this.store = store;
    this.code = code;
    this.retention = retention;
    this.clock = clock;
  }

  /** Deletes what no environment keeps; returns the digests deleted. */
  public Set<String> sweep() {
    Map<String, List<ArtifactRetention.Use>> uses = new HashMap<>();
    Set<String> keep = new HashSet<>();
    Set<String> named = new HashSet<>();
    store.read(
        tx -> {
          for (EnvironmentRecord env : tx.environments().list()) {
            List<ReleaseRecord> releases = tx.releases().list(env.key(), 0);
            List<ArtifactRetention.Use> list = new ArrayList<>();
            boolean sawLive = false;
            boolean lastGood = false;
            for (int i = 0; i < releases.size(); i++) {
              ReleaseRecord r = releases.get(i);
              String digest = r.source().artifact();
              if (digest.isEmpty()) {
                continue;
              }
              named.add(digest);
              list.add(
                  new ArtifactRetention.Use(
                      digest, r.finishedAt() != null ? r.finishedAt() : r.createdAt()));
              boolean live = r.status() == ReleaseStatus.LIVE;
              if (i == 0 || live || r.status() == ReleaseStatus.DEPLOYING) {
                keep.add(digest);
              } else if (sawLive && !lastGood && r.liveAt() != null) {
                keep.add(digest); // the release that went live before the live one
                lastGood = true;
              }
              sawLive |= live;
            }
            uses.put(env.key().toString(), list);
          }
          return null;
        });
    Set<String> delete = new java.util.TreeSet<>(retention.toDelete(uses, keep));
    Instant unusedBefore = clock.instant().minus(UNUSED_GRACE);
    code.stored()
        .forEach(
            (digest, lastUsed) -> {
              if (!named.contains(digest) && lastUsed.isBefore(unusedBefore)) {
                delete.add(digest);
              }
            });
    delete.removeIf(d -> !code.exists(d)); // old releases keep naming what is gone already
    delete.forEach(code::forget);
    return delete;
  }
}
