package dev.berth.engine.release;

import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.rollout.WatchVerdict;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The watch of a live release: for {@code deploy.watch} after it went live, every web service whose
 * template it introduced is judged ({@link WatchVerdict#judge}) on what the router measured for
 * that template's replicas ({@link TrafficWindows}).
 *
 * <p>Rules: a release is judged from its new replicas' first answers, during its rollout ({@link
 * #duringRollout}) and then for {@code deploy.watch} once it is live; only by services it changed,
 * and only once (a verdict against it is written into its {@code reason}, and a release with a
 * reason is not judged again). Services of other types, and services with {@code watch: 0s}, are
 * not watched. The first failing service decides; what happens then (roll back, or keep it live
 * with the reason) is the reconciler's call. A restored release (an automatic rollback) went live
 * long before, so its window has passed: a rollback is never watched.
 */
final class ReleaseWatch {

  /** How often a watched release is judged again. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  /**
   * What one look at the live release found.
   *
   * @param failure the failing service and the verdict's message, or empty
   * @param autoRollback whether that service rolls back on failure
   * @param recheck when to look again, or {@code null} when nothing is watched any more
   */
  record Look(Optional<String> failure, boolean autoRollback, Duration recheck) {
    static final Look NOTHING = new Look(Optional.empty(), false, null);
  }

  private final TrafficWindows traffic;

  ReleaseWatch(TrafficWindows traffic) {
    this.traffic = traffic;
  }

  /**
   * The verdict on what the new template's replicas of a service answered while its release still
   * rolls out: the watch's thresholds apply from the first answer, so a release answering 500s is
   * rolled back before its rollout completes, while the old replicas still serve. Empty when they
   * pass (or the service is not watched).
   */
  Optional<String> duringRollout(ServiceRecord s) {
    DeploySpec deploy = s.spec().deploy();
    if (s.spec().type() != ServiceType.WEB || !deploy.watches()) {
      return Optional.empty();
    }
    WatchVerdict verdict = WatchVerdict.judge(deploy, traffic.answered(s.key(), s.templateHash()));
    return verdict.healthy()
        ? Optional.empty()
        : Optional.of(s.key().service() + ": " + verdict.message() + " during its rollout");
  }

  Look look(StoreTx tx, ReleaseRecord live, Instant now) {
    if (live.liveAt() == null || !live.reason().isEmpty()) {
      return Look.NOTHING;
    }
    Instant until = null;
    for (ServiceRecord s : tx.services().list(live.key())) {
      DeploySpec deploy = s.spec().deploy();
      if (s.spec().type() != ServiceType.WEB
          || !s.release().equals(live.label())
          || !WatchVerdict.watching(now, live.liveAt(), deploy)) {
        continue;
      }
      WatchVerdict verdict =
          WatchVerdict.judge(deploy, traffic.answered(s.key(), s.templateHash()));
      if (!verdict.healthy()) {
        return new Look(
            Optional.of(
                s.key().service()
                    + ": "
                    + verdict.message()
                    + " within "
                    + dev.berth.core.spec.Durations.format(deploy.watch())
                    + " of going live"),
            deploy.autoRollback(),
            null);
      }
      Instant end = live.liveAt().plus(deploy.watch());
      until = until == null || end.isAfter(until) ? end : until;
    }
    if (until == null) {
      return Look.NOTHING;
    }
    Duration left = Duration.between(now, until);
    return new Look(Optional.empty(), false, left.compareTo(INTERVAL) < 0 ? left : INTERVAL);
  }
}
