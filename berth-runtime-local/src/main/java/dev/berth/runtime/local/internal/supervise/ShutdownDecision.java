package dev.berth.runtime.local.internal.supervise;

import java.time.Duration;
import java.time.Instant;

/**
 * What the shutdown of all replicas does next, decided from how many of their process groups are
 * still alive and the time: the pure core of {@link ShutdownStopper}.
 *
 * <p>Invariants: it is {@link Step#DONE} exactly when no group is left; {@link Step#KILL} comes
 * once, when the grace period has run out and groups are left; {@link Step#GIVE_UP} only after
 * SIGKILL was sent and {@code killWait} passed without every group ending (a process stuck in the
 * kernel cannot be killed sooner), so a shutdown takes at most grace + killWait however many
 * replicas there are.
 */
public final class ShutdownDecision {
  /** The next step of a shutdown. */
  public enum Step {
    /** Every group has ended. */
    DONE,
    /** Groups are left and their time has not run out: look again after a poll interval. */
    WAIT,
    /** The grace period is over: SIGKILL to every group left, and to their cgroups. */
    KILL,
    /** SIGKILL was sent {@code killWait} ago and groups are still there: stop waiting. */
    GIVE_UP
  }

  private ShutdownDecision() {}

  /**
   * @param left process groups still alive
   * @param now the current time
   * @param killDue when SIGTERM was sent plus the grace period
   * @param killedAt when SIGKILL was sent, or {@code null} when it was not yet
   * @param killWait how long to wait for groups to end after SIGKILL
   */
  public static Step next(
      int left, Instant now, Instant killDue, Instant killedAt, Duration killWait) {
    if (left <= 0) {
      return Step.DONE;
    }
    if (killedAt == null) {
      return now.isBefore(killDue) ? Step.WAIT : Step.KILL;
    }
    return now.isBefore(killedAt.plus(killWait)) ? Step.WAIT : Step.GIVE_UP;
  }
}
