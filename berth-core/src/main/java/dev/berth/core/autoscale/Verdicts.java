package dev.berth.core.autoscale;

import dev.berth.core.autoscale.AutoscaleOutcome.TriggerVerdict;
import dev.berth.core.autoscale.ReplicaCalculator.Calc;
import dev.berth.core.autoscale.ReplicaCalculator.Tolerance;
import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.model.TriggerType;
import java.util.List;
import java.util.Map;

/**
 * What each trigger (or the formula) says: its value, its recommendation, whether it is active, or
 * its failure and fallback. Pure; {@code failures} is the decision's working map of consecutive
 * failures, which a per-replica metric that cannot be computed also increments.
 *
 * <p>Fallback follows KEDA's code ({@code pkg/fallback/fallback.go}): it applies once the failures
 * are strictly more than {@code failureThreshold}, and never to {@code cpu}/{@code memory} triggers
 * (KEDA does not support it there either).
 */
final class Verdicts {
  private Verdicts() {}

  static TriggerVerdict trigger(
      TriggerSpec t,
      Reading r,
      Map<String, String> problems,
      Map<String, Integer> failures,
      AutoscaleSpec spec,
      int current,
      int ready,
      int started,
      List<ReplicaView> replicas,
      Tolerance tol) {
    String problem = problems.get(t.name());
    int failed = failures.getOrDefault(t.name(), 0);
    if (problem != null) {
      return failed(t.name(), problem, failed, t.type().resource() ? null : spec, current);
    }
    double value = r.value();
    Calc c;
    if (t.type().resource()) {
      if (started == 0) {
        return new TriggerVerdict(t.name(), value, 0, false, null, 0, false);
      }
      double fullUse = t.metricType() == MetricType.Utilization ? 100 : t.target();
      c =
          ReplicaCalculator.perReplica(
              r.perReplica(),
              t.target(),
              current,
              replicas,
              fullUse,
              t.type() == TriggerType.CPU,
              tol);
    } else {
      c = ReplicaCalculator.external(t.metricType(), value, t.target(), current, ready, tol);
    }
    if (c.error() != null) {
      failures.put(t.name(), state(failures, t.name()) + 1);
      return failed(t.name(), c.error(), failures.get(t.name()), null, current);
    }
    boolean active = !t.type().resource() && value > t.activationTarget();
    return new TriggerVerdict(t.name(), value, c.replicas(), active, null, 0, false);
  }

  static TriggerVerdict formula(
      AutoscaleSpec spec,
      Map<String, Double> values,
      Map<String, String> problems,
      Map<String, Integer> failures,
      int current,
      int ready,
      Tolerance tol) {
    AutoscaleSpec.Formula f = spec.formula();
    Formula formula = Formula.parse(f.expression());
    int worst = 0;
    String problem = null;
    for (String name : formula.names()) {
      if (problems.containsKey(name)) {
        worst = Math.max(worst, failures.get(name));
        problem = problem == null ? name + ": " + problems.get(name) : problem;
      }
    }
    if (problem != null) {
      return failed(AutoscaleDecision.FORMULA, problem, worst, spec, current);
    }
    double value = formula.evaluate(values);
    if (!Double.isFinite(value) || value < 0) {
      return new TriggerVerdict(
          AutoscaleDecision.FORMULA,
          value,
          -1,
          false,
          "the formula gives " + value + ", not a number of at least 0",
          0,
          false);
    }
    Calc c = ReplicaCalculator.external(f.metricType(), value, f.target(), current, ready, tol);
    return new TriggerVerdict(
        AutoscaleDecision.FORMULA,
        value,
        c.replicas(),
        value > f.activationTarget(),
        null,
        0,
        false);
  }

  static TriggerVerdict failed(
      String name, String why, int failed, AutoscaleSpec spec, int current) {
    AutoscaleSpec.Fallback fb = spec == null ? null : spec.fallback();
    if (fb != null && failed > fb.failureThreshold()) {
      return new TriggerVerdict(name, Double.NaN, fb.recommend(current), true, why, failed, true);
    }
    return new TriggerVerdict(name, Double.NaN, -1, false, why, failed, false);
  }

  private static int state(Map<String, Integer> failures, String name) {
    return failures.getOrDefault(name, 0);
  }
}
