package dev.berth.core.rollout;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where a rollout stands after one decision, in the terms a person reads in {@code berth status}.
 *
 * <p>Invariants: {@code failure} is set exactly when the phase is {@link Phase#FAILED}; {@code
 * waitingFor} is empty unless the phase is {@link Phase#PROGRESSING}; counts describe the service
 * once the decision's plan is carried out (replicas it stops are no longer counted, replicas it
 * creates count as updated but not available).
 *
 * @param phase progressing, complete or failed
 * @param desired the desired count
 * @param updated target-template replicas, including those the plan creates
 * @param available replicas of any template that are available (ready for at least minReady)
 * @param oldRemaining replicas of other templates not yet asked to stop
 * @param waitingFor what the rollout waits for before its next step
 * @param failure why it failed, or {@code null}
 */
public record RolloutStatus(
    Phase phase,
    int desired,
    int updated,
    int available,
    int oldRemaining,
    Set<Waiting> waitingFor,
    Failure failure) {

  /** Kubernetes' Progressing / Available conditions, reduced to the three outcomes. */
  public enum Phase {
    PROGRESSING,
    COMPLETE,
    FAILED
  }

  /** What a progressing rollout waits for. */
  public enum Waiting {
    /** A target replica waits for room on a node (admission). */
    ROOM,
    /** A target replica is not ready yet. */
    READINESS,
    /** A target replica is ready but not for minReady yet. */
    MIN_READY,
    /** Old replicas are being stopped (recreate waits until they are gone). */
    OLD_STOPPING
  }

  /** Why a rollout failed. */
  public enum Reason {
    /** No target replica was created or became available for progressDeadline. */
    PROGRESS_DEADLINE,
    /** A target replica crash-loops. */
    CRASH_LOOP
  }

  /**
   * A failure.
   *
   * @param reason which check failed
   * @param replicaId the replica it concerns, or {@code null}
   * @param message a sentence for a person: what failed, which replica, what it waited for
   */
  public record Failure(Reason reason, String replicaId, String message) {
    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  public RolloutStatus {
    Objects.requireNonNull(phase, "phase");
    waitingFor =
        waitingFor == null || waitingFor.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(waitingFor));
    if ((phase == Phase.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("a failure goes with FAILED, and only with it");
    }
    if (phase != Phase.PROGRESSING && !waitingFor.isEmpty()) {
      throw new IllegalArgumentException("only a progressing rollout waits");
    }
  }
}
