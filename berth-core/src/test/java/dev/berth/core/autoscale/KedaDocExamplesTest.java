package dev.berth.core.autoscale;

import static dev.berth.core.autoscale.Fixtures.queue;
import static dev.berth.core.autoscale.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.core.autoscale.Fixtures.Driver;
import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.TriggerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * KEDA's documented behaviour around the HPA: activation, cooldown to zero, fallback, scaling
 * modifiers.
 *
 * <p>Sources: "Scaling Deployments, StatefulSets & Custom Resources",
 * https://keda.sh/docs/2.17/concepts/scaling-deployments/ (activating and scaling thresholds,
 * cooldownPeriod, initialCooldownPeriod, fallback, scalingModifiers); and, where the docs are
 * vague, KEDA's code at github.com/kedacore/keda: {@code
 * pkg/scaling/executor/scale_scaledobjects.go} (from/to zero) and {@code pkg/fallback/fallback.go}
 * (a fallback starts when the failure count is strictly above failureThreshold).
 */
class KedaDocExamplesTest {

  /**
   * Activation: "the activating (or deactivating) phase is the moment when KEDA has to decide if
   * the workload should be scaled from/to zero"; a scaler is active when its metric is strictly
   * greater than its activation value.
   */
  @Test
  void activationIsStrictlyGreater() {
    AutoscaleSpec s = spec(0, 10, queue("q", 10, 5));

    Driver atActivation = new Driver(s, 0);
    AutoscaleOutcome o = atActivation.decide(Map.of("q", Reading.of(5)));
    assertThat(o.desired()).isZero();
    assertThat(o.reason()).isEqualTo(Reason.IDLE);

    Driver above = new Driver(s, 0);
    o = above.decide(Map.of("q", Reading.of(6)));
    assertThat(o.desired()).isEqualTo(1);
    assertThat(o.reason()).isEqualTo(Reason.ACTIVATED);
  }

  /**
   * From zero KEDA sets max(1, minReplicaCount) and lets the HPA scale on its next sync; Berth goes
   * straight to the recommendation within the scale-up policy (4 at once by default).
   */
  @Test
  void wakingFromZeroGoesAsFarAsTheScaleUpPolicyAllows() {
    Driver d = new Driver(spec(0, 50, queue("q", 10, 0)), 0);

    assertThat(d.at(0).queue(1000)).isEqualTo(4);
    assertThat(d.at(5).queue(1000)).as("the wake-up counts in the policy period").isEqualTo(4);
    assertThat(d.at(16).queue(1000)).isEqualTo(8);
  }

  /** With minReplicaCount >= 1 the service never goes to zero, active or not. */
  @Test
  void minAboveZeroKeepsAFloor() {
    Driver d = new Driver(spec(2, 10, queue("q", 10, 5)), 0);

    AutoscaleOutcome o = d.decide(Map.of("q", Reading.of(0)));
    assertThat(o.desired()).isEqualTo(2);
    assertThat(o.reason()).isEqualTo(Reason.AT_MIN);
  }

  /**
   * cooldownPeriod: "the period to wait after the last trigger reported active before scaling the
   * resource back to 0" (default 300 s); scaling 1 -> N -> 1 stays with the HPA.
   */
  @Test
  void cooldownBeforeZero() {
    Driver d = new Driver(spec(0, 10, queue("q", 10, 0)), 0);
    assertThat(d.at(0).queue(30)).isEqualTo(3);

    AutoscaleOutcome o = d.at(60).decide(Map.of("q", Reading.of(0)));
    assertThat(o.desired())
        .as("inactive: the HPA path with a floor of 1, window 300 s")
        .isEqualTo(3);
    assertThat(o.reason()).isEqualTo(Reason.SCALE_DOWN_STABILIZED);
    assertThat(d.at(300).queue(0)).as("300 s after the last active reading: not yet").isEqualTo(1);
    o = d.at(301).decide(Map.of("q", Reading.of(0)));
    assertThat(o.desired()).isZero();
    assertThat(o.reason()).isEqualTo(Reason.SCALED_TO_ZERO);
  }

  /**
   * initialCooldownPeriod: before any trigger was active, the service may go to zero only once this
   * long has passed since autoscaling started (default 0: at once).
   */
  @Test
  void initialCooldown() {
    AutoscaleSpec base = spec(0, 10, queue("q", 10, 0));
    AutoscaleSpec s =
        new AutoscaleSpec(
            0, 10, null, null, Duration.ofSeconds(60), base.triggers(), null, null, null, null);

    Driver d = new Driver(s, 2);
    assertThat(d.at(30).queue(0)).as("within the initial cooldown").isEqualTo(1);
    assertThat(d.at(61).queue(0)).isZero();

    assertThat(new Driver(base, 2).at(1).queue(0)).as("default: no initial cooldown").isZero();
  }

  /**
   * fallback: "KEDA will keep track of the number of consecutive times each scaler has failed ...
   * Once that value passes the failureThreshold" the scaler asks for fallback.replicas
   * (failureThreshold 3, replicas 6 in the docs). KEDA's code counts "passes" as strictly above:
   * the 4th failure.
   */
  @Test
  void fallbackAfterMoreThanFailureThresholdFailures() {
    AutoscaleSpec base = spec(0, 10, queue("q", 10, 0));
    AutoscaleSpec s =
        new AutoscaleSpec(
            0,
            10,
            null,
            null,
            null,
            base.triggers(),
            null,
            null,
            new AutoscaleSpec.Fallback(3, 6),
            null);
    Driver d = new Driver(s, 2);
    Map<String, Reading> down = Map.of("q", Reading.error("connection refused"));

    for (int i = 1; i <= 3; i++) {
      AutoscaleOutcome o = d.at(i).decide(down);
      assertThat(o.desired()).as("failure %d", i).isEqualTo(2);
      assertThat(o.reason()).isEqualTo(Reason.ALL_TRIGGERS_FAILED);
      assertThat(o.next().failuresOf("q")).isEqualTo(i);
    }
    AutoscaleOutcome o = d.at(4).decide(down);
    assertThat(o.desired()).isEqualTo(6);
    assertThat(o.reason()).isEqualTo(Reason.FALLBACK);
    assertThat(o.triggers().get(0).fallback()).isTrue();

    o = d.at(5).decide(Map.of("q", Reading.of(10)));
    assertThat(o.next().failuresOf("q")).as("a good reading resets the count").isZero();
  }

  /**
   * scalingModifiers: a formula over named triggers becomes the one metric, with its own target and
   * activation target (the docs' example composes two triggers and divides).
   */
  @Test
  void formulaIsTheOneMetric() {
    AutoscaleSpec s =
        new AutoscaleSpec(
            0,
            20,
            null,
            null,
            null,
            List.of(queue("trig_one", 1, 0), queue("trig_two", 1, 0)),
            null,
            null,
            null,
            new AutoscaleSpec.Formula(
                "(trig_one + trig_two) / 2", 2, 2, TriggerSpec.MetricType.AverageValue));

    Driver d = new Driver(s, 1);
    AutoscaleOutcome o = d.decide(Map.of("trig_one", Reading.of(6), "trig_two", Reading.of(10)));
    assertThat(o.desired()).as("(6 + 10) / 2 = 8 over a target of 2").isEqualTo(4);
    assertThat(o.triggers())
        .extracting(AutoscaleOutcome.TriggerVerdict::name)
        .containsExactly("trig_one", "trig_two", "formula");

    Driver idle = new Driver(s, 0);
    o = idle.decide(Map.of("trig_one", Reading.of(2), "trig_two", Reading.of(2)));
    assertThat(o.desired()).as("2 is not above the activation target 2").isZero();
  }

  /**
   * fallback.behavior (KEDA 2.15+): currentReplicasIfHigher keeps a larger current count,
   * currentReplicasIfLower keeps a smaller one, currentReplicas keeps the count.
   */
  @Test
  void fallbackBehaviors() {
    Map<String, Reading> down = Map.of("q", Reading.error("down"));
    int[][] cases = { // behavior index, current, expected
      {1, 8, 8}, {2, 8, 8}, {2, 3, 6}, {3, 8, 6}, {3, 3, 3}, {0, 8, 6}
    };
    for (int[] c : cases) {
      AutoscaleSpec.FallbackBehavior b = AutoscaleSpec.FallbackBehavior.values()[c[0]];
      AutoscaleSpec s =
          new AutoscaleSpec(
              1,
              10,
              null,
              null,
              null,
              List.of(queue("q", 10, 0)),
              null,
              null,
              new AutoscaleSpec.Fallback(1, 6, b),
              null);
      Driver d = new Driver(s, c[1]);
      d.at(1).decide(down);
      assertThat(d.at(2).decide(down).desired()).as("%s from %d", b, c[1]).isEqualTo(c[2]);
    }
  }
}
