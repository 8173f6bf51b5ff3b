package dev.berth.core.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * What a rollout remembers between decisions; the caller persists it with the deploy, so a
 * restarted control plane resumes with the same deadline.
 *
 * @param startedAt when the rollout began
 * @param lastProgressAt when a target replica was last created or became available
 * @param updatedAvailable how many target replicas were available at the last decision, to tell
 *     whether one became available since
 */
public record RolloutState(Instant startedAt, Instant lastProgressAt, int updatedAvailable) {

  public RolloutState {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastProgressAt, "lastProgressAt");
    if (updatedAvailable < 0) {
      throw new IllegalArgumentException("updatedAvailable must be >= 0");
    }
  }

  /** A rollout that starts now. */
  public static RolloutState start(Instant now) {
    return new RolloutState(now, now, 0);
  }
}
