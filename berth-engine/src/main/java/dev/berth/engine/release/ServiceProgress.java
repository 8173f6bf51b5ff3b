package dev.berth.engine.release;

import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceRecord;
import java.util.List;
import java.util.Optional;

/**
 * How far one service has come in rolling out its current template, from its stored replica
 * records. Pure.
 *
 * <p>Rules: the service has converged when at least its desired number of current-template replicas
 * are ready and no replica of another template is still kept (replicas already asked to stop are on
 * their way out and do not count). A current-template replica that has restarted {@value
 * #CRASH_LOOP_RESTARTS} times or more during the rollout crash-loops: the rollout cannot succeed
 * without a change, so it fails at once instead of waiting for the deadline.
 *
 * @param desired replicas that should run
 * @param ready current-template replicas that are ready
 * @param outdated replicas of other templates still kept (serving until the new ones are ready)
 * @param crashLooping the first current-template replica that crash-loops, if any
 */
public record ServiceProgress(
    int desired, int ready, int outdated, Optional<ReplicaRecord> crashLooping) {

  /** Restarts of a new replica that make a rollout fail as crash-looping. */
  public static final int CRASH_LOOP_RESTARTS = 2;

  public boolean converged() {
    return ready >= desired && outdated == 0;
  }

  /** Counts for {@code service} over its {@code replicas}. */
  public static ServiceProgress of(ServiceRecord service, List<ReplicaRecord> replicas) {
    int ready = 0;
    int outdated = 0;
    ReplicaRecord looping = null;
    for (ReplicaRecord r : replicas) {
      if (r.stopRequested()) {
        continue;
      }
      if (!r.templateHash().equals(service.templateHash())) {
        outdated++;
        continue;
      }
      if (r.ready() && r.state() == ReplicaState.RUNNING) {
        ready++;
      } else if (looping == null && r.restarts() >= CRASH_LOOP_RESTARTS) {
        looping = r;
      }
    }
    int desired = service.desiredReplicas();
    return new ServiceProgress(desired, ready, outdated, Optional.ofNullable(looping));
  }

  /** {@code 1 of 3 new replicas ready, 2 old still serving}. */
  public String describe() {
    return ready
        + " of "
        + desired
        + " new replicas ready"
        + (outdated > 0 ? ", " + outdated + " old still serving" : "");
  }
}
