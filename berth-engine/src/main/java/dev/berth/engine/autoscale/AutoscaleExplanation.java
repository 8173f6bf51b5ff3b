package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.AutoscaleOutcome;
import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.core.autoscale.AutoscaleOutcome.TriggerVerdict;
import dev.berth.core.autoscale.AutoscaleState;
import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.TriggerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Why an autoscaled service has the replicas it has: what {@code berth autoscale explain} shows.
 * The settings that shaped the decisions (bounds, windows, policies), the state the autoscaler
 * keeps between decisions (the recommendations still inside the stabilization windows, the scale
 * events still inside the policies' periods, when a trigger was last active), and the latest
 * distinct decisions with every trigger's reading.
 *
 * <p>All of it is the control plane's memory since it started (see docs/autoscaling.md): a
 * restarted control plane explains only the decisions it made itself.
 *
 * @param service the service's name
 * @param min {@code autoscale.min}
 * @param max {@code autoscale.max}
 * @param desired the count of the latest decision, or -1 before the first one
 * @param reason the latest decision's reason, or {@code null} before the first one
 * @param message the latest decision in a sentence, or {@code null}
 * @param pollingInterval how often the triggers are read
 * @param cooldown how long after the last active reading before scaling to zero
 * @param lastActive when a trigger was last active, or {@code null}
 * @param lastScaleAt when the autoscaler last changed the count, or {@code null}
 * @param coldStartMillis the latest cold start's wait at the router (web services), or {@code null}
 * @param scaleUp the scale-up rules and what is inside their window and periods now
 * @param scaleDown the scale-down rules, likewise
 * @param triggers each trigger's type and target
 * @param decisions the latest distinct decisions, oldest first
 */
public record AutoscaleExplanation(
    String service,
    int min,
    int max,
    int desired,
    Reason reason,
    String message,
    Duration pollingInterval,
    Duration cooldown,
    Instant lastActive,
    Instant lastScaleAt,
    Long coldStartMillis,
    Direction scaleUp,
    Direction scaleDown,
    List<Trigger> triggers,
    List<Decision> decisions) {

  /**
   * One direction's rules and the state they act on.
   *
   * @param stabilizationWindow the window over which recommendations are compared
   * @param selectPolicy Max, Min or Disabled
   * @param policies each policy as written ({@code Pods 4 per 15s})
   * @param tolerance the tolerance of this direction
   * @param recommendations recommendations still inside the longer window, oldest first
   * @param scaleEvents changes of this direction still inside the longest policy period
   */
  public record Direction(
      Duration stabilizationWindow,
      String selectPolicy,
      List<String> policies,
      double tolerance,
      List<AutoscaleState.Timed> recommendations,
      List<AutoscaleState.Timed> scaleEvents) {}

  /** A trigger as configured: name, type, metric type and target. */
  public record Trigger(String name, String type, String metricType, double target) {}

  /**
   * One decision.
   *
   * @param at when it was (first) made; {@code lastAt} when it was last made again unchanged
   * @param from the count before it
   * @param to the count it set
   * @param readings what each trigger (and the router's held requests) said
   */
  public record Decision(
      Instant at,
      Instant lastAt,
      int from,
      int to,
      Reason reason,
      String message,
      List<Reading> readings) {}

  /**
   * What one trigger said in a decision.
   *
   * @param value the metric, or {@code null} when the reading failed
   * @param recommendation the replicas it asked for, or -1
   */
  public record Reading(
      String name,
      Double value,
      int recommendation,
      boolean active,
      String error,
      int failures,
      boolean fallback) {

    static Reading of(TriggerVerdict v) {
      return new Reading(
          v.name(),
          Double.isFinite(v.value()) ? v.value() : null,
          v.recommendation(),
          v.active(),
          v.error(),
          v.failures(),
          v.fallback());
    }
  }

  /** The decision record of one outcome. */
  static Decision decision(Instant at, int from, AutoscaleOutcome o) {
    List<Reading> readings = new ArrayList<>();
    o.triggers().forEach(v -> readings.add(Reading.of(v)));
    return new Decision(at, at, from, o.desired(), o.reason(), o.message(), readings);
  }

  static AutoscaleExplanation of(
      String service,
      AutoscaleSpec spec,
      AutoscaleController.Latest latest,
      AutoscaleState state,
      Long coldStartMillis,
      List<Decision> decisions) {
    List<Trigger> triggers = new ArrayList<>();
    for (TriggerSpec t : spec.triggers()) {
      triggers.add(new Trigger(t.name(), t.type().wireName(), t.metricType().name(), t.target()));
    }
    List<AutoscaleState.Timed> recs = state == null ? List.of() : state.recommendations();
    return new AutoscaleExplanation(
        service,
        spec.min(),
        spec.max(),
        latest == null ? -1 : latest.desired(),
        latest == null ? null : latest.reason(),
        latest == null ? null : latest.message(),
        spec.pollingInterval(),
        spec.cooldown(),
        state == null ? null : state.lastActive(),
        state == null ? null : state.lastScaleAt(),
        coldStartMillis,
        direction(spec.scaleUp(), recs, state == null ? List.of() : state.scaleUps()),
        direction(spec.scaleDown(), recs, state == null ? List.of() : state.scaleDowns()),
        triggers,
        List.copyOf(decisions));
  }

  private static Direction direction(
      AutoscaleSpec.Rules rules,
      List<AutoscaleState.Timed> recommendations,
      List<AutoscaleState.Timed> events) {
    List<String> policies = new ArrayList<>();
    for (AutoscaleSpec.Policy p : rules.policies()) {
      policies.add(
          p.type()
              + " "
              + p.value()
              + (p.type() == AutoscaleSpec.PolicyType.Percent ? "%" : "")
              + " per "
              + p.period().toSeconds()
              + "s");
    }
    return new Direction(
        rules.stabilizationWindow(),
        rules.selectPolicy().name(),
        policies,
        rules.tolerance(),
        recommendations,
        events);
  }
}
