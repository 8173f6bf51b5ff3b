package dev.berth.core.autoscale;

import static dev.berth.core.autoscale.Fixtures.cpu;
import static dev.berth.core.autoscale.Fixtures.memory;
import static dev.berth.core.autoscale.Fixtures.perReplica;
import static dev.berth.core.autoscale.Fixtures.percent;
import static dev.berth.core.autoscale.Fixtures.pods;
import static dev.berth.core.autoscale.Fixtures.queue;
import static dev.berth.core.autoscale.Fixtures.rules;
import static dev.berth.core.autoscale.Fixtures.spec;
import static dev.berth.core.autoscale.Fixtures.withRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.core.autoscale.Fixtures.Driver;
import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.AutoscaleSpec.Rules;
import dev.berth.core.model.AutoscaleSpec.SelectPolicy;
import dev.berth.core.model.TriggerSpec.MetricType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of the Kubernetes documentation, reproduced with the same numbers.
 *
 * <p>Sources: "Horizontal Pod Autoscaling",
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/ (sections "Algorithm
 * details", "Scaling policies", "Stabilization window", "Default Behavior", "Tolerance"), and KEP
 * 853, "Configurable scale velocity for HPA",
 * https://github.com/kubernetes/enhancements/blob/master/keps/sig-autoscaling/853-configurable-hpa-scale-velocity/README.md
 * (its "Stabilization before scaling down" example).
 */
class HpaDocExamplesTest {

  /** "Algorithm details": 200m against a target of 100m doubles; 50m halves; near 1.0 skips. */
  @Test
  void algorithmDetailsDoubleHalveAndSkip() {
    AutoscaleSpec s = spec(1, 20, cpu(MetricType.AverageValue, 100));

    Driver up = new Driver(s, 4);
    assertThat(up.decide(Map.of("cpu", perReplica(200, 200, 200, 200))).desired()).isEqualTo(8);

    Driver down = new Driver(s, 4);
    assertThat(down.decide(Map.of("cpu", perReplica(50, 50, 50, 50))).desired()).isEqualTo(2);

    Driver near = new Driver(s, 4);
    AutoscaleOutcome o = near.decide(Map.of("cpu", perReplica(108, 105, 110, 104)));
    assertThat(o.desired()).as("ratio 1.07 is within the 0.1 tolerance").isEqualTo(4);
    assertThat(o.reason()).isEqualTo(Reason.STEADY);
  }

  /**
   * "Algorithm details": with metrics missing, the average is recomputed assuming the missing pods
   * use 100% of the target on a scale down and 0% on a scale up; if that flips the direction, no
   * scaling.
   */
  @Test
  void missingMetricsAreCountedConservatively() {
    AutoscaleSpec s = spec(1, 20, cpu(MetricType.Utilization, 50));

    Driver down = new Driver(s, 4);
    // r0..r2 at 10% (ratio 0.2), r3 missing: (10+10+10+100)/4 = 32.5 -> ceil(0.65 x 4) = 3, not 1
    assertThat(down.decide(Map.of("cpu", perReplica(10, 10, 10))).desired()).isEqualTo(3);

    Driver up = new Driver(s, 4);
    // r0 at 60% (ratio 1.2); three missing count as 0%: 15% -> a scale-down, which flips: no change
    assertThat(up.decide(Map.of("cpu", perReplica(60))).desired()).isEqualTo(4);
  }

  /**
   * "Algorithm details": for CPU, pods not yet ready are set aside, then counted as using 0% on a
   * scale up ("further dampening the magnitude of a scale up").
   */
  @Test
  void unreadyReplicasAreSetAsideForCpu() {
    AutoscaleSpec s = spec(1, 40, cpu(MetricType.Utilization, 50));
    List<ReplicaView> replicas =
        List.of(
            new ReplicaView("r0", false, true),
            new ReplicaView("r1", false, true),
            new ReplicaView("r2", false, false),
            new ReplicaView("r3", false, false));
    Driver d = new Driver(s, 4);

    // ready ones at 150% (ratio 3); starting ones burn 300% but are set aside, then count as 0:
    // mean(150, 150, 0, 0) / 50 = 1.5 -> 6, where averaging all four would give 18
    assertThat(d.decide(Map.of("cpu", perReplica(150, 150, 300, 300)), replicas).desired())
        .isEqualTo(6);
  }

  /**
   * "Scaling policies": Pods 4 and Percent 10 per 60s, the larger change selected. From 80 towards
   * 10: 8 go first, then 8 again at 72 (7.2 rounds up to 8), ... and 4 at a time below 40.
   */
  @Test
  void scalingPoliciesFrom80To10() {
    Rules down = rules(Duration.ofMinutes(5), SelectPolicy.Max, pods(4, 60), percent(10, 60));
    Driver d = new Driver(withRules(spec(1, 100, queue("q", 1, 0)), null, down), 80);
    List<Integer> counts = new ArrayList<>();
    for (int step = 0; step < 14; step++) {
      counts.add(d.at(61L * step).queue(10));
    }
    assertThat(counts).containsExactly(72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10);
    assertThat(counts.get(0)).isEqualTo(80 - 8);
    assertThat(counts.get(1)).isEqualTo(72 - 8);
  }

  /** "Scaling policies": the change is counted over the period, not per decision. */
  @Test
  void aSecondDecisionWithinThePeriodMayNotRemoveMore() {
    Rules down = rules(Duration.ZERO, SelectPolicy.Max, pods(4, 60), percent(10, 60));
    Driver d = new Driver(withRules(spec(1, 100, queue("q", 1, 0)), null, down), 80);

    assertThat(d.at(0).queue(10)).isEqualTo(72);
    AutoscaleOutcome o = d.at(15).decide(Map.of("q", Reading.of(10)));
    assertThat(o.desired()).isEqualTo(72);
    assertThat(o.reason()).isEqualTo(Reason.SCALE_DOWN_LIMITED);
    assertThat(d.at(61).queue(10)).as("the first change has left the period").isEqualTo(64);
  }

  /**
   * "Scaling policies" / selectPolicy Min: "to ensure that no more than 5 Pods are removed per
   * minute, you can add a second scale-down policy with a fixed size of 5, and set selectPolicy to
   * minimum".
   */
  @Test
  void selectPolicyMinTakesTheSmallerChange() {
    Rules down = rules(Duration.ZERO, SelectPolicy.Min, percent(10, 60), pods(5, 60));
    Driver d = new Driver(withRules(spec(1, 100, queue("q", 1, 0)), null, down), 80);

    assertThat(d.queue(10)).isEqualTo(75);
  }

  /** selectPolicy Disabled: "completely disables scaling in that direction". */
  @Test
  void selectPolicyDisabledNeverScalesThatWay() {
    Rules down = new Rules(Duration.ZERO, SelectPolicy.Disabled, List.of(), 0.1);
    Driver d = new Driver(withRules(spec(1, 100, queue("q", 1, 0)), null, down), 8);

    assertThat(d.queue(1)).isEqualTo(8);
    assertThat(d.at(600).queue(100)).as("scaling up still works").isEqualTo(16);
  }

  /**
   * "Default Behavior": scale up with no stabilization, at most 4 pods or 100% every 15 s,
   * whichever is more; scale down after a 300 s window, up to 100% at once.
   */
  @Test
  void defaultBehavior() {
    Driver d = new Driver(spec(1, 100, queue("q", 1, 0)), 1);

    assertThat(d.at(0).queue(50)).as("1 + 4").isEqualTo(5);
    assertThat(d.at(10).queue(50)).as("same 15 s period").isEqualTo(5);
    assertThat(d.at(16).queue(50)).as("5 + 100%").isEqualTo(10);
    assertThat(d.at(32).queue(50)).isEqualTo(20);
    assertThat(d.at(48).queue(50)).isEqualTo(40);
    assertThat(d.at(64).queue(50)).isEqualTo(50);

    assertThat(d.at(100).queue(3)).as("the window still holds 50").isEqualTo(50);
    assertThat(d.at(363).queue(3)).as("299 s after the last 50").isEqualTo(50);
    assertThat(d.at(364).queue(3))
        .as("the last 50 is 300 s old: out of the window (the HPA keeps only younger ones)")
        .isEqualTo(3);
  }

  /**
   * KEP 853, "Stabilization before scaling down": window 600 s, Pods 5 per 600 s, current 10, one
   * decision a minute recommending 10, 9, 8, 9, 9, 8, 9, 8, 9, 8: nothing changes; the 11th (7)
   * drops the 10 out of the window, and the largest, 9, is taken. (Tolerance 0 here: the KEP's
   * numbers are recommendations, and with the default 0.1 a metric of 9 against 10 replicas would
   * recommend 10.)
   */
  @Test
  void kepStabilizationExample() {
    Rules down = new Rules(Duration.ofSeconds(600), SelectPolicy.Max, List.of(pods(5, 600)), 0.0);
    Driver d = new Driver(withRules(spec(1, 100, queue("q", 1, 0)), null, down), 10);
    int[] recommendations = {10, 9, 8, 9, 9, 8, 9, 8, 9, 8};
    for (int i = 0; i < recommendations.length; i++) {
      assertThat(d.at(60L * i).queue(recommendations[i])).as("minute %d", i + 1).isEqualTo(10);
    }
    AutoscaleOutcome o = d.at(600).decide(Map.of("q", Reading.of(7)));
    assertThat(o.desired()).isEqualTo(9);
    assertThat(o.reason()).isEqualTo(Reason.SCALE_DOWN_STABILIZED);
  }

  /**
   * "Tolerance" (Kubernetes 1.33+): a scale-up tolerance of 0.05 on a 100Mi memory target scales up
   * only above 105Mi.
   */
  @Test
  void perDirectionTolerance() {
    long mi = 1L << 20;
    Rules up =
        new Rules(Duration.ZERO, SelectPolicy.Max, AutoscaleSpec.DEFAULT_SCALE_UP.policies(), 0.05);
    AutoscaleSpec s = withRules(spec(1, 10, memory(MetricType.AverageValue, 100 * mi)), up, null);

    assertThat(new Driver(s, 2).decide(Map.of("memory", perReplica(104 * mi, 104 * mi))).desired())
        .isEqualTo(2);
    assertThat(new Driver(s, 2).decide(Map.of("memory", perReplica(106 * mi, 106 * mi))).desired())
        .isEqualTo(3);
  }
}
