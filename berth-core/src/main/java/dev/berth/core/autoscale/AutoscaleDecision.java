package dev.berth.core.autoscale;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.core.autoscale.AutoscaleOutcome.TriggerVerdict;
import dev.berth.core.autoscale.AutoscaleState.Timed;
import dev.berth.core.autoscale.ReplicaCalculator.Tolerance;
import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.AutoscaleSpec.Rules;
import dev.berth.core.model.TriggerSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many replicas an autoscaled service should run, as a pure function of {@code now}, the
 * triggers' readings, the replicas and the remembered {@link AutoscaleState}: KEDA's activation,
 * cooldown and fallback around the Kubernetes HPA's algorithm. The caller reads the triggers every
 * {@code pollingInterval}, calls this, sets the count, keeps {@link AutoscaleOutcome#next()}, and
 * records the outcome as an event.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li><b>Readings.</b> A missing reading, an error, or a number that is NaN, infinite or negative
 *       is a failed reading: the trigger's consecutive failures grow (a good reading resets them).
 *       After more than {@code fallback.failureThreshold} of them (KEDA counts the same way) the
 *       trigger recommends {@code fallback.replicas} and counts as active; before that, or without
 *       a fallback, it recommends nothing.
 *   <li><b>Recommendation per trigger</b>: {@link ReplicaCalculator} (AverageValue, Value,
 *       per-replica metrics with the HPA's handling of pending, unready and missing replicas;
 *       tolerance). A {@code cpu}/{@code memory} trigger with no started replica recommends 0. With
 *       {@code advanced.formula}, the formula over the named triggers' values is the one metric
 *       (KEDA's scalingModifiers); it fails when a trigger it names failed, or when its value is
 *       not a number of at least 0.
 *   <li><b>Activity</b> (KEDA): a trigger is active when its metric is strictly greater than its
 *       activation target; {@code cpu} and {@code memory} never are, except that a service whose
 *       triggers are all {@code cpu}/{@code memory} always counts as active.
 *   <li><b>Every trigger failed</b>: the count stays (within {@code [min, max]}), as the HPA keeps
 *       the scale when it cannot compute one.
 *   <li><b>At zero</b>: inactive, the service stays at zero (or goes to {@code min} when that is
 *       above zero); active, it wakes to {@code max(1, min)} or to the highest recommendation if
 *       higher, within the scale-up policies. (KEDA wakes to 1 and leaves the rest to the HPA's
 *       next sync, 15 s later.)
 *   <li><b>Bounds</b>: above {@code max}, to {@code max}; between 0 and {@code min}, to {@code
 *       min}; at once, as the HPA.
 *   <li><b>To zero</b> (KEDA): with {@code min: 0}, no trigger active and none failing, the service
 *       goes to zero once {@code cooldown} has passed since the last active reading (strictly), or
 *       {@code initialCooldown} since autoscaling started if it never was active; until then it
 *       stays above zero ({@code min} is taken as 1).
 *   <li><b>A trigger failing</b> without fallback: the highest recommendation of the others may
 *       scale up, never down (the HPA's rule for invalid metrics).
 *   <li><b>Otherwise</b> the highest recommendation goes through {@link Behavior}: stabilization
 *       windows, rate policies, bounds.
 * </ol>
 *
 * <p>Invariants (property tests): the result is within {@code [min, max]}, and 0 only with {@code
 * min: 0}; readings that keep recommending the current count change nothing; a change through the
 * HPA path never exceeds what the policies allow over any of their periods; no trigger failure
 * alone ever lowers the count; the same inputs give the same outcome.
 */
public final class AutoscaleDecision {
  private AutoscaleDecision() {}

  /** The formula's name in verdicts and failure counts. */
  public static final String FORMULA = "formula";

  /**
   * The name of a reading that is not a trigger: requests waiting at Berth's router for a service
   * with no ready replica (scale from zero). A positive value counts as an active trigger that
   * recommends {@code max(1, min)}, so a service at zero wakes whatever its triggers say (the name
   * cannot be a trigger's: given names have no hyphen, default ones are type names); it is listed
   * last among the verdicts. Absent or zero, it changes nothing.
   */
  public static final String ROUTER = "held-requests";

  /**
   * Decides the count.
   *
   * @param now the decision time
   * @param spec the service's autoscale settings
   * @param current the replica count currently set (not the ready count: pending and failing
   *     replicas count, so replicas that fail to start never cause runaway creation)
   * @param replicas the service's replicas, not counting those being stopped
   * @param readings each trigger's reading by trigger name; a trigger without one failed
   * @param state what the previous decision kept ({@link AutoscaleState#start} the first time)
   */
  public static AutoscaleOutcome decide(
      Instant now,
      AutoscaleSpec spec,
      int current,
      List<ReplicaView> replicas,
      Map<String, Reading> readings,
      AutoscaleState state) {
    if (current < 0) {
      throw new IllegalArgumentException("current must be >= 0");
    }
    int started = 0;
    int ready = 0;
    for (ReplicaView r : replicas) {
      started += r.pending() ? 0 : 1;
      ready += !r.pending() && r.ready() ? 1 : 0;
    }
    Tolerance tol = new Tolerance(spec.scaleUp().tolerance(), spec.scaleDown().tolerance());
    Map<String, Integer> failures = new HashMap<>();
    Map<String, String> problems = new HashMap<>();
    Map<String, Double> values = new HashMap<>();
    for (TriggerSpec t : spec.triggers()) {
      Reading r = readings.get(t.name());
      String problem = r == null ? "no reading" : r.problem();
      if (problem != null) {
        failures.put(t.name(), state.failuresOf(t.name()) + 1);
        problems.put(t.name(), problem);
      } else {
        values.put(t.name(), r.value());
      }
    }
    List<TriggerVerdict> verdicts = new ArrayList<>();
    boolean allResource = spec.formula() == null;
    if (spec.formula() == null) {
      for (TriggerSpec t : spec.triggers()) {
        allResource &= t.type().resource();
        verdicts.add(
            Verdicts.trigger(
                t,
                readings.get(t.name()),
                problems,
                failures,
                spec,
                current,
                ready,
                started,
                replicas,
                tol));
      }
    } else {
      allResource = false;
      for (TriggerSpec t : spec.triggers()) {
        verdicts.add(
            new TriggerVerdict(
                t.name(),
                values.getOrDefault(t.name(), Double.NaN),
                -1,
                false,
                problems.get(t.name()),
                failures.getOrDefault(t.name(), 0),
                false));
      }
      verdicts.add(Verdicts.formula(spec, values, problems, failures, current, ready, tol));
    }
    List<TriggerVerdict> voting =
        new ArrayList<>(
            spec.formula() == null
                ? verdicts
                : verdicts.subList(verdicts.size() - 1, verdicts.size()));
    Reading waiting = readings.get(ROUTER);
    if (waiting != null && waiting.problem() == null && waiting.value() > 0) {
      TriggerVerdict router =
          new TriggerVerdict(
              ROUTER, waiting.value(), Math.max(1, spec.min()), true, null, 0, false);
      verdicts.add(router);
      voting.add(router);
    }
    boolean active = allResource;
    boolean failing = false;
    int recommendation = -1;
    TriggerVerdict winner = null;
    for (TriggerVerdict v : voting) {
      active |= v.active();
      failing |= v.error() != null && !v.fallback();
      if (v.recommendation() > recommendation) {
        recommendation = v.recommendation();
        winner = v;
      }
    }
    Instant lastActive = active ? now : state.lastActive();
    Step step = new Step(now, spec, current, state, lastActive, failures, verdicts, active);
    if (winner == null) {
      return step.scale(
          clamp(current, spec.min(), spec.max()),
          Reason.ALL_TRIGGERS_FAILED,
          "every trigger failed, so the count stays");
    }
    int floor = Math.max(1, spec.min());
    if (current == 0) {
      if (!active) {
        return spec.min() == 0
            ? step.scale(0, Reason.IDLE, "no trigger is active")
            : step.scale(spec.min(), Reason.AT_MIN, "raised to min " + spec.min());
      }
      int limit = Behavior.upLimit(now, 0, spec.scaleUp(), state);
      int to = Math.max(floor, Math.min(Math.min(recommendation, spec.max()), limit));
      return step.record(recommendation)
          .scale(to, Reason.ACTIVATED, "woken by " + activeNames(verdicts));
    }
    if (current > spec.max()) {
      return step.scale(spec.max(), Reason.AT_MAX, "lowered to max " + spec.max());
    }
    if (current < spec.min()) {
      return step.scale(spec.min(), Reason.AT_MIN, "raised to min " + spec.min());
    }
    if (!active && spec.min() == 0 && !failing) {
      Instant zeroAt =
          state.lastActive() != null
              ? state.lastActive().plus(spec.cooldown())
              : state.startedAt().plus(spec.initialCooldown());
      if (zeroAt.isBefore(now)) {
        return step.scale(
            0,
            Reason.SCALED_TO_ZERO,
            "no trigger active since "
                + (state.lastActive() == null ? "autoscaling started" : state.lastActive())
                + ", longer than the cooldown");
      }
    }
    if (failing && recommendation < current) {
      return step.scale(
          current,
          Reason.TRIGGER_ERROR,
          "a trigger failed ("
              + firstError(voting)
              + "), so the others' recommendation of "
              + recommendation
              + " does not scale down");
    }
    Behavior.Result b =
        Behavior.normalize(
            now,
            spec.scaleUp(),
            spec.scaleDown(),
            current,
            recommendation,
            floor,
            spec.max(),
            state);
    Reason reason = b.reason();
    String message = b.message();
    if (reason == Reason.STEADY) {
      if (b.replicas() > current) {
        reason = winner.fallback() ? Reason.FALLBACK : Reason.SCALE_UP;
      } else if (b.replicas() < current) {
        reason = winner.fallback() ? Reason.FALLBACK : Reason.SCALE_DOWN;
      } else if (!active && spec.min() == 0) {
        reason = Reason.COOLING_DOWN;
      }
      message = describe(reason, winner, b.replicas(), spec);
    }
    return step.withRecommendations(b.recommendations()).scale(b.replicas(), reason, message);
  }

  private static int clamp(int x, int min, int max) {
    return Math.max(min, Math.min(max, x));
  }

  private static String activeNames(List<TriggerVerdict> verdicts) {
    List<String> names = new ArrayList<>();
    for (TriggerVerdict v : verdicts) {
      if (v.active()) {
        names.add(v.name() + (v.fallback() ? " (fallback)" : " = " + number(v.value())));
      }
    }
    return names.isEmpty() ? "cpu/memory" : String.join(", ", names);
  }

  private static String firstError(List<TriggerVerdict> verdicts) {
    for (TriggerVerdict v : verdicts) {
      if (v.error() != null && !v.fallback()) {
        return v.name() + ": " + v.error();
      }
    }
    return "";
  }

  private static String describe(Reason reason, TriggerVerdict w, int to, AutoscaleSpec spec) {
    String source =
        w.fallback()
            ? w.name()
                + " failed "
                + w.failures()
                + " times in a row: fallback of "
                + w.recommendation()
            : w.name() + " = " + number(w.value()) + " recommends " + w.recommendation();
    return switch (reason) {
      case COOLING_DOWN ->
          "no trigger is active; "
              + source
              + "; zero after the cooldown of "
              + spec.cooldown().toSeconds()
              + "s";
      default -> source + (reason == Reason.STEADY ? "" : "; now " + to);
    };
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3g", v);
  }

  private static Duration longer(Rules up, Rules down) {
    Duration a = up.stabilizationWindow();
    Duration b = down.stabilizationWindow();
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Builds the outcome and the next state. */
  private record Step(
      Instant now,
      AutoscaleSpec spec,
      int current,
      AutoscaleState state,
      Instant lastActive,
      Map<String, Integer> failures,
      List<TriggerVerdict> verdicts,
      boolean active,
      List<Timed> recommendations) {

    Step(
        Instant now,
        AutoscaleSpec spec,
        int current,
        AutoscaleState state,
        Instant lastActive,
        Map<String, Integer> failures,
        List<TriggerVerdict> verdicts,
        boolean active) {
      this(
          now,
          spec,
          current,
          state,
          lastActive,
          failures,
          verdicts,
          active,
          state.recommendations());
    }

    Step record(int recommendation) {
      List<Timed> r = new ArrayList<>(recommendations);
      r.add(new Timed(now, recommendation));
      return withRecommendations(r);
    }

    Step withRecommendations(List<Timed> r) {
      return new Step(now, spec, current, state, lastActive, failures, verdicts, active, r);
    }

    /**
     * The outcome. Every change is a scale event the policies count, however it was decided (the
     * HPA records its bounds corrections too), so the count at the start of a policy period is
     * always the count that was in effect then: a wake-up and the scale-up after it share one
     * period, and a service that went to zero and woke up again cannot use the policies twice.
     */
    AutoscaleOutcome scale(int desired, Reason reason, String message) {
      List<Timed> ups = new ArrayList<>(state.scaleUps());
      List<Timed> downs = new ArrayList<>(state.scaleDowns());
      if (desired > current) {
        ups.add(new Timed(now, desired - current));
      } else if (desired < current) {
        downs.add(new Timed(now, current - desired));
      }
      return outcome(desired, reason, message, ups, downs);
    }

    /** The entries younger than {@code keep}: older ones no longer count anywhere. */
    private List<Timed> prune(List<Timed> entries, Duration keep) {
      List<Timed> out = new ArrayList<>();
      for (Timed e : entries) {
        if (e.at().isAfter(now.minus(keep))) {
          out.add(e);
        }
      }
      return out;
    }

    private AutoscaleOutcome outcome(
        int desired, Reason reason, String message, List<Timed> ups, List<Timed> downs) {
      AutoscaleState next =
          new AutoscaleState(
              state.startedAt(),
              lastActive,
              desired != current ? now : state.lastScaleAt(),
              prune(recommendations, longer(spec.scaleUp(), spec.scaleDown())),
              prune(ups, spec.scaleUp().longestPeriod()),
              prune(downs, spec.scaleDown().longestPeriod()),
              failures);
      return new AutoscaleOutcome(desired, reason, message, active, verdicts, next);
    }
  }
}
