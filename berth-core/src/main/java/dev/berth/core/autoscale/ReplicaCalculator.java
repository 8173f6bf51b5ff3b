package dev.berth.core.autoscale;

import dev.berth.core.model.TriggerSpec.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One metric's replica recommendation, as the Kubernetes HPA's replica calculator computes it
 * ({@code pkg/controller/podautoscaler/replica_calculator.go}). Pure.
 *
 * <ul>
 *   <li><b>AverageValue</b> (an external metric per pod, KEDA's default): {@code ratio = metric /
 *       (target x current)}; within tolerance the count stays, else {@code ceil(metric / target)}.
 *       At zero replicas: {@code ceil(metric / target)}.
 *   <li><b>Value</b>: {@code ratio = metric / target}; within tolerance the count stays, else
 *       {@code ceil(ratio x ready)}. At zero replicas: {@code ceil(ratio)}.
 *   <li><b>Per-replica metrics</b> ({@code cpu}, {@code memory}): the HPA's pod grouping. Pending
 *       replicas are ignored; for CPU, so are replicas that are not ready (their start-up burns CPU
 *       that says nothing about load); replicas without a sample are <em>missing</em>. The ratio is
 *       the mean of the remaining samples over the target. With nothing ignored or missing:
 *       tolerance, then {@code ceil(ratio x counted)}. Otherwise the HPA's conservative re-run: on
 *       a scale-down missing replicas count as using 100% of their request (or the target), on a
 *       scale-up as using nothing, and on a scale-up ignored replicas count as using nothing; if
 *       the re-run is within tolerance or flips the direction, the count stays.
 * </ul>
 *
 * <p>Tolerance follows Kubernetes 1.33's per-direction form: a ratio above 1 is compared with the
 * scale-up tolerance, below 1 with the scale-down one.
 */
final class ReplicaCalculator {
  private ReplicaCalculator() {}

  /** A recommendation or why there is none. */
  record Calc(int replicas, String error) {
    static Calc of(int replicas) {
      return new Calc(replicas, null);
    }

    static Calc failed(String why) {
      return new Calc(-1, why);
    }
  }

  /** Tolerances of both directions. */
  record Tolerance(double up, double down) {
    boolean within(double ratio) {
      return ratio >= 1 ? ratio - 1 <= up : 1 - ratio <= down;
    }
  }

  static Calc external(
      MetricType type, double metric, double target, int current, int ready, Tolerance tol) {
    if (type == MetricType.AverageValue) {
      if (current > 0 && tol.within(metric / (target * current))) {
        return Calc.of(current);
      }
      return Calc.of(ceil(metric / target));
    }
    double ratio = metric / target;
    if (current == 0) {
      return Calc.of(ceil(ratio));
    }
    if (tol.within(ratio)) {
      return Calc.of(current);
    }
    return Calc.of(ceil(ratio * ready));
  }

  /**
   * A per-replica metric.
   *
   * @param samples each replica's metric, by id
   * @param fullUse what a missing replica counts as on a scale-down: 100 (percent of its request)
   *     for Utilization, the target for AverageValue
   * @param cpu whether replicas that are not ready are ignored (CPU only, as the HPA)
   */
  static Calc perReplica(
      Map<String, Double> samples,
      double target,
      int current,
      List<ReplicaView> replicas,
      double fullUse,
      boolean cpu,
      Tolerance tol) {
    List<Double> counted = new ArrayList<>();
    int ignored = 0;
    int missing = 0;
    for (ReplicaView r : replicas) {
      Double v = samples.get(r.id());
      if (r.pending()) {
        ignored++;
      } else if (v == null) {
        missing++;
      } else if (cpu && !r.ready()) {
        ignored++;
      } else {
        counted.add(v);
      }
    }
    if (counted.isEmpty()) {
      return Calc.failed("no metric for any ready replica");
    }
    double ratio = mean(counted) / target;
    boolean rebalanceIgnored = ignored > 0 && ratio > 1;
    if (!rebalanceIgnored && missing == 0) {
      return tol.within(ratio) ? Calc.of(current) : Calc.of(ceil(ratio * counted.size()));
    }
    List<Double> all = new ArrayList<>(counted);
    if (missing > 0) {
      double fill = ratio < 1 ? fullUse : 0;
      for (int i = 0; i < missing; i++) {
        all.add(fill);
      }
    }
    if (rebalanceIgnored) {
      for (int i = 0; i < ignored; i++) {
        all.add(0.0);
      }
    }
    double newRatio = mean(all) / target;
    if (tol.within(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) {
      return Calc.of(current);
    }
    int n = ceil(newRatio * all.size());
    if ((newRatio < 1 && n > current) || (newRatio > 1 && n < current)) {
      return Calc.of(current);
    }
    return Calc.of(n);
  }

  private static double mean(List<Double> xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.size();
  }

  /**
   * {@code ceil}, saturating at {@link Integer#MAX_VALUE} (a huge metric asks for "as many as
   * allowed", never a negative overflow), and forgiving a rounding error of one part in 10^9 so
   * that 3 x 0.1 / 0.1 is 3, not 4.
   */
  static int ceil(double x) {
    if (!(x > 0)) {
      return 0;
    }
    double nearest = Math.rint(x);
    double r = Math.abs(x - nearest) <= 1e-9 * Math.max(1, x) ? nearest : Math.ceil(x);
    return r >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) r;
  }
}
