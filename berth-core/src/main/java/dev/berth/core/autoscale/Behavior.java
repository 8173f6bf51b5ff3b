package dev.berth.core.autoscale;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.core.autoscale.AutoscaleState.Timed;
import dev.berth.core.model.AutoscaleSpec.Policy;
import dev.berth.core.model.AutoscaleSpec.Rules;
import dev.berth.core.model.AutoscaleSpec.SelectPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The HPA's {@code behavior}: stabilization, then rate policies, then bounds, as {@code
 * normalizeDesiredReplicasWithBehaviors} in Kubernetes' {@code horizontal.go}. Pure.
 *
 * <ol>
 *   <li><b>Stabilization.</b> Of the recommendations within the scale-up window (this one included)
 *       take the lowest, {@code up}; within the scale-down window the highest, {@code down}. The
 *       result is the current count moved up to {@code up} or down to {@code down}: a scale-down
 *       only goes as low as the highest recent recommendation, which is what stops flapping.
 *   <li><b>Policies.</b> Each policy allows, from the count at the start of its period ({@code
 *       current - added + removed} within the period, counting both directions as Kubernetes does),
 *       {@code +value} replicas ({@code Pods}) or {@code ceil(start x (1 + value%))} ({@code
 *       Percent}) going up; {@code -value} or {@code floor(start x (1 - value%))} going down.
 *       {@code selectPolicy: Max} takes the policy allowing the most change, {@code Min} the least,
 *       {@code Disabled} allows none. A limit never reverses the direction.
 *   <li><b>Bounds.</b> Never above {@code max} nor below {@code min}.
 * </ol>
 */
final class Behavior {
  private Behavior() {}

  /** The normalized count, why, and the recommendations to keep. */
  record Result(int replicas, Reason reason, String message, List<Timed> recommendations) {}

  static Result normalize(
      Instant now,
      Rules upRules,
      Rules downRules,
      int current,
      int recommendation,
      int min,
      int max,
      AutoscaleState state) {
    Instant upCutoff = now.minus(upRules.stabilizationWindow());
    Instant downCutoff = now.minus(downRules.stabilizationWindow());
    int up = recommendation;
    int down = recommendation;
    List<Timed> keep = new ArrayList<>();
    Instant oldest = upCutoff.isBefore(downCutoff) ? upCutoff : downCutoff;
    for (Timed r : state.recommendations()) {
      if (r.at().isAfter(upCutoff)) {
        up = Math.min(up, r.replicas());
      }
      if (r.at().isAfter(downCutoff)) {
        down = Math.max(down, r.replicas());
      }
      if (r.at().isAfter(oldest)) {
        keep.add(r);
      }
    }
    keep.add(new Timed(now, recommendation));
    int stabilized = Math.min(Math.max(current, up), down);
    Reason reason = Reason.STEADY;
    String message = "";
    if (stabilized != recommendation) {
      boolean wantedUp = recommendation >= current;
      reason = wantedUp ? Reason.SCALE_UP_STABILIZED : Reason.SCALE_DOWN_STABILIZED;
      message =
          wantedUp
              ? "a recommendation of "
                  + up
                  + " within the scale-up window ("
                  + upRules.stabilizationWindow().toSeconds()
                  + "s) holds the count at "
                  + stabilized
              : "a recommendation of "
                  + down
                  + " within the scale-down window ("
                  + downRules.stabilizationWindow().toSeconds()
                  + "s) holds the count at "
                  + stabilized;
    }
    if (stabilized > current) {
      int limit = Math.max(current, upLimit(now, current, upRules, state));
      int allowed = Math.min(max, limit);
      if (stabilized > allowed) {
        boolean byPolicy = max > limit;
        return new Result(
            allowed,
            byPolicy ? Reason.SCALE_UP_LIMITED : Reason.AT_MAX,
            byPolicy
                ? "the scale-up policies allow " + allowed + " now (" + describe(upRules) + ")"
                : "capped at max " + max,
            keep);
      }
    } else if (stabilized < current) {
      int limit = Math.min(current, downLimit(now, current, downRules, state));
      int allowed = Math.max(min, limit);
      if (stabilized < allowed) {
        boolean byPolicy = min < limit;
        return new Result(
            allowed,
            byPolicy ? Reason.SCALE_DOWN_LIMITED : Reason.AT_MIN,
            byPolicy
                ? "the scale-down policies allow " + allowed + " now (" + describe(downRules) + ")"
                : "held at min " + min,
            keep);
      }
    }
    return new Result(stabilized, reason, message, keep);
  }

  /** The most replicas the scale-up policies allow now. */
  static int upLimit(Instant now, int current, Rules rules, AutoscaleState state) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      return current;
    }
    boolean most = rules.selectPolicy() == SelectPolicy.Max;
    long result = most ? Long.MIN_VALUE : Long.MAX_VALUE;
    for (Policy p : rules.policies()) {
      long start = periodStart(now, current, p.period(), state);
      long proposed =
          switch (p.type()) {
            case Pods -> start + p.value();
            case Percent -> Math.max(0, Math.floorDiv(start * (100 + p.value()) + 99, 100));
          };
      result = most ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
  }

  /** The fewest replicas the scale-down policies allow now. */
  static int downLimit(Instant now, int current, Rules rules, AutoscaleState state) {
    if (rules.selectPolicy() == SelectPolicy.Disabled) {
      return current;
    }
    boolean most = rules.selectPolicy() == SelectPolicy.Max;
    long result = most ? Long.MAX_VALUE : Long.MIN_VALUE;
    for (Policy p : rules.policies()) {
      long start = periodStart(now, current, p.period(), state);
      long proposed =
          switch (p.type()) {
            case Pods -> start - p.value();
            case Percent -> Math.floorDiv(start * (100 - p.value()), 100);
          };
      result = most ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, result));
  }

  /** The count at the start of a period: the changes within it undone. */
  private static long periodStart(Instant now, int current, Duration period, AutoscaleState s) {
    Instant cutoff = now.minus(period);
    return (long) current - changes(s.scaleUps(), cutoff) + changes(s.scaleDowns(), cutoff);
  }

  private static long changes(List<Timed> events, Instant cutoff) {
    long sum = 0;
    for (Timed e : events) {
      if (e.at().isAfter(cutoff)) {
        sum += e.replicas();
      }
    }
    return sum;
  }

  private static String describe(Rules rules) {
    List<String> parts = new ArrayList<>();
    for (Policy p : rules.policies()) {
      parts.add(
          (p.type() == dev.berth.core.model.AutoscaleSpec.PolicyType.Percent
                  ? p.value() + "%"
                  : p.value() + " replicas")
              + " per "
              + dev.berth.core.spec.Durations.format(p.period()));
    }
    return "selectPolicy " + rules.selectPolicy() + " of " + String.join(", ", parts);
  }
}
