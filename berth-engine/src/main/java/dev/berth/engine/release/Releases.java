package dev.berth.engine.release;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import java.util.Optional;

/** Questions about an environment's releases that several use cases ask. */
public final class Releases {
  private Releases() {}

  /** The environment's live release, if one ever went live. */
  public static Optional<ReleaseRecord> live(StoreTx tx, EnvironmentKey env) {
    return tx.releases().withStatus(env, ReleaseStatus.LIVE).stream().findFirst();
  }

  /**
   * The newest release older than {@code version} that went live and was not judged bad after
   * (rolled back or failed): what a failing release falls back to.
   *
   * @param newestFirst the environment's releases, newest first
   */
  public static Optional<ReleaseRecord> lastGoodBefore(
      List<ReleaseRecord> newestFirst, long version) {
    return newestFirst.stream()
        .filter(
            r ->
                r.version() < version
                    && r.liveAt() != null
                    && r.status() != ReleaseStatus.ROLLED_BACK
                    && r.status() != ReleaseStatus.FAILED)
        .findFirst();
  }

  /**
   * The label of the release whose replicas run {@code templateHash} for {@code service}: the
   * oldest release of the unbroken newest run of releases that have that template (the release that
   * introduced it), or empty if no release has it.
   *
   * @param newestFirst the environment's releases, newest first
   */
  public static String introducing(
      List<ReleaseRecord> newestFirst, String service, String templateHash) {
    String found = "";
    for (ReleaseRecord r : newestFirst) {
      boolean has = templateHash.equals(r.templates().get(service));
      if (has) {
        found = r.label();
      } else if (!found.isEmpty()
          && r.status() != ReleaseStatus.FAILED
          && r.status() != ReleaseStatus.ROLLED_BACK) {
        break;
      }
    }
    return found;
  }
}
