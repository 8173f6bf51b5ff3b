package dev.berth.engine.release;

import dev.berth.core.decide.ArtifactRetention;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.Store;
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
 * An artifact shared by environments (a promotion) stays while any of them keeps it.
 *
 * <p>Why this is safe to run at any time: a release that may run again is protected or among the
 * most recent; everything deleted is beyond both, and {@code berth rollback} to such a release
 * fails with a clear "artifact not stored" rather than running something else.
 */
public final class ArtifactJanitor {
  private final Store store;
  private final AppCode code;
  private final ArtifactRetention retention;

  public ArtifactJanitor(Store store, AppCode code, ArtifactRetention retention) {
    this.store = store;
    this.code = code;
    this.retention = retention;
  }

  /** Deletes what no environment keeps; returns the digests deleted. */
  public Set<String> sweep() {
    Map<String, List<ArtifactRetention.Use>> uses = new HashMap<>();
    Set<String> keep = new HashSet<>();
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
    delete.removeIf(d -> !code.exists(d)); // old releases keep naming what is gone already
    delete.forEach(code::forget);
    return delete;
  }
}
