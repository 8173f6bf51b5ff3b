package dev.berth.core.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One rollout decision: what to do now, where the rollout stands, and what to remember.
 *
 * @param create how many target-template replicas to create
 * @param stop ids of replicas to stop, in the order to stop them
 * @param status where the rollout stands once the plan is carried out
 * @param next the state to persist for the next decision; {@code null} when there is no rollout
 *     (complete, or a change of count only)
 * @param recheckAt when to decide again even if nothing changes (a replica reaches minReady, the
 *     progress deadline passes), or {@code null}
 */
public record RolloutPlan(
    int create, List<String> stop, RolloutStatus status, RolloutState next, Instant recheckAt) {

  public RolloutPlan {
    if (create < 0) {
      throw new IllegalArgumentException("create must be >= 0");
    }
    stop = List.copyOf(stop);
    Objects.requireNonNull(status, "status");
  }

  /** Nothing to create or stop. */
  public boolean idle() {
    return create == 0 && stop.isEmpty();
  }
}
