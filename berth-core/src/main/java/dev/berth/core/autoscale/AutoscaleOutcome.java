package dev.berth.core.autoscale;

import java.util.List;
import java.util.Objects;

/**
 * What one autoscaling decision says: the replica count to run, why (a reason a program can match
 * and a sentence a person can read), what each trigger said, and the state to keep for the next
 * decision. Recorded as an event with its inputs, it answers "why does this service have N
 * replicas?".
 *
 * @param desired the replica count to run
 * @param reason why, in one word
 * @param message why, in a sentence naming the numbers
 * @param active whether any trigger was active (or falling back)
 * @param triggers what each trigger (or the formula) said, in spec order
 * @param next the state to pass to the next decision
 */
public record AutoscaleOutcome(
    int desired,
    Reason reason,
    String message,
    boolean active,
    List<TriggerVerdict> triggers,
    AutoscaleState next) {

  public AutoscaleOutcome {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    triggers = List.copyOf(triggers);
    Objects.requireNonNull(next, "next");
  }

  /** Why the count is what it is. The HPA's condition reasons where the HPA has one. */
  public enum Reason {
    /** The recommendation is the current count (or within tolerance of it). */
    STEADY,
    /** Scaled up to the recommendation. */
    SCALE_UP,
    /** Scaled down to the recommendation. */
    SCALE_DOWN,
    /** A scale-up held back by the scale-up policies (HPA ScaleUpLimit). */
    SCALE_UP_LIMITED,
    /** A scale-down held back by the scale-down policies (HPA ScaleDownLimit). */
    SCALE_DOWN_LIMITED,
    /**
     * A scale-down held back by a higher recommendation within the window (HPA
     * ScaleDownStabilized).
     */
    SCALE_DOWN_STABILIZED,
    /** A scale-up held back by a lower recommendation within the window (HPA ScaleUpStabilized). */
    SCALE_UP_STABILIZED,
    /** Capped at max (HPA TooManyReplicas). */
    AT_MAX,
    /** Held at min (HPA TooFewReplicas). */
    AT_MIN,
    /** Woken from zero by an active trigger (KEDA activation). */
    ACTIVATED,
    /** Scaled to zero: no trigger active for the cooldown (KEDA deactivation). */
    SCALED_TO_ZERO,
    /** No trigger active, waiting for the cooldown before scaling to zero. */
    COOLING_DOWN,
    /** At zero and no trigger active. */
    IDLE,
    /** A trigger failed, so the others' lower recommendation does not scale down. */
    TRIGGER_ERROR,
    /** Every trigger failed: the count stays. */
    ALL_TRIGGERS_FAILED,
    /** A trigger failed past its failure threshold: its fallback replicas count. */
    FALLBACK
  }

  /**
   * What one trigger said.
   *
   * @param name the trigger's name ({@code formula} for the formula)
   * @param value its metric, or NaN after an error
   * @param recommendation the replicas it asked for, or -1 after an error
   * @param active whether its metric was above its activation target
   * @param error what went wrong, or {@code null}
   * @param failures consecutive failed readings
   * @param fallback whether it asked for the fallback replicas
   */
  public record TriggerVerdict(
      String name,
      double value,
      int recommendation,
      boolean active,
      String error,
      int failures,
      boolean fallback) {}
}
