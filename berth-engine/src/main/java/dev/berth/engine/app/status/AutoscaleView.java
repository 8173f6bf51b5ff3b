package dev.berth.engine.app.status;

import dev.berth.core.autoscale.AutoscaleOutcome;
import java.time.Instant;

/**
 * An autoscaled service's autoscaling in {@code berth status -o json}: its bounds and why it has
 * the count it has. The reason and message are those of the autoscaler's latest decision, kept in
 * the control plane's memory: {@code null} until the first decision after a start.
 *
 * @param min {@code autoscale.min}
 * @param max {@code autoscale.max}
 * @param reason why the count is what it is, or {@code null} before the first decision
 * @param message the decision in a sentence with its numbers, or {@code null}
 * @param lastScaleAt when the autoscaler last changed the count (since the control plane started),
 *     or {@code null}
 * @param coldStartMillis for a web service that scaled from zero: how long the router held the
 *     first request of its latest cold start until a replica was ready to take it (since the
 *     control plane started), or {@code null}
 */
public record AutoscaleView(
    int min,
    int max,
    AutoscaleOutcome.Reason reason,
    String message,
    Instant lastScaleAt,
    Long coldStartMillis) {

  /** A view without a cold start measured. */
  public AutoscaleView(
      int min, int max, AutoscaleOutcome.Reason reason, String message, Instant lastScaleAt) {
    this(min, max, reason, message, lastScaleAt, null);
  }
}
