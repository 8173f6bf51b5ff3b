package dev.berth.core.autoscale;

import static dev.berth.core.autoscale.Fixtures.queue;
import static dev.berth.core.autoscale.Fixtures.spec;
import static dev.berth.core.autoscale.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.core.autoscale.Fixtures.Driver;
import dev.berth.core.model.AutoscaleSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Berth's rules around faults and bounds, one rule per test. */
class DecisionRulesTest {

  final AutoscaleSpec two = spec(1, 20, queue("a", 10, 0), queue("b", 10, 0));

  @Test
  void theHighestRecommendationWins() {
    AutoscaleOutcome o =
        new Driver(two, 2).decide(Map.of("a", Reading.of(20), "b", Reading.of(50)));
    assertThat(o.desired()).isEqualTo(5);
    assertThat(o.message()).contains("b = 50 recommends 5");
  }

  @Test
  void aFailingTriggerStopsTheOthersFromScalingDown() {
    AutoscaleOutcome o =
        new Driver(two, 6).decide(Map.of("a", Reading.of(10), "b", Reading.error("auth refused")));
    assertThat(o.desired()).isEqualTo(6);
    assertThat(o.reason()).isEqualTo(Reason.TRIGGER_ERROR);
    assertThat(o.message()).contains("b: auth refused");
  }

  @Test
  void butNotFromScalingUp() {
    AutoscaleOutcome o =
        new Driver(two, 2).decide(Map.of("a", Reading.of(80), "b", Reading.error("timeout")));
    assertThat(o.desired()).isEqualTo(6);
    assertThat(o.reason()).isEqualTo(Reason.SCALE_UP_LIMITED);
  }

  @Test
  void aFailingTriggerBlocksScalingToZero() {
    AutoscaleSpec s = spec(0, 20, queue("a", 10, 0), queue("b", 10, 0));
    Driver d = new Driver(s, 1);
    AutoscaleOutcome o = d.at(1000).decide(Map.of("a", Reading.of(0), "b", Reading.error("down")));
    assertThat(o.desired()).isEqualTo(1);
  }

  @Test
  void nanNegativeAndInfiniteReadingsAreErrors() {
    for (double bad : new double[] {Double.NaN, -1, Double.POSITIVE_INFINITY}) {
      AutoscaleOutcome o =
          new Driver(spec(1, 20, queue("q", 10, 0)), 4).decide(Map.of("q", Reading.of(bad)));
      assertThat(o.desired()).as("%s", bad).isEqualTo(4);
      assertThat(o.reason()).isEqualTo(Reason.ALL_TRIGGERS_FAILED);
      assertThat(o.triggers().get(0).error()).contains("not a number of at least 0");
    }
  }

  @Test
  void aMissingReadingIsAFailure() {
    AutoscaleOutcome o = new Driver(two, 3).decide(Map.of("a", Reading.of(100)));
    assertThat(o.triggers().get(1).error()).isEqualTo("no reading");
    assertThat(o.desired()).as("the other may still scale up").isEqualTo(7);
  }

  @Test
  void boundsApplyAtOnce() {
    AutoscaleOutcome above =
        new Driver(spec(1, 5, queue("q", 10, 0)), 9).decide(Map.of("q", Reading.of(1000)));
    assertThat(above.desired()).isEqualTo(5);
    assertThat(above.reason()).isEqualTo(Reason.AT_MAX);

    AutoscaleOutcome capped =
        new Driver(spec(1, 5, queue("q", 1, 0)), 4).decide(Map.of("q", Reading.of(1000)));
    assertThat(capped.desired()).isEqualTo(5);
    assertThat(capped.reason()).isEqualTo(Reason.AT_MAX);
  }

  @Test
  void valueMetricsScaleOnReadyReplicas() {
    List<ReplicaView> replicas =
        List.of(
            new ReplicaView("r0", false, true),
            new ReplicaView("r1", false, true),
            new ReplicaView("r2", true, false),
            new ReplicaView("r3", false, false));
    AutoscaleOutcome o =
        new Driver(spec(1, 20, value("p99", 200)), 4)
            .decide(Map.of("p99", Reading.of(400)), replicas);
    assertThat(o.desired()).as("ceil(400 / 200 x 2 ready)").isEqualTo(4);
  }

  @Test
  void failingReplicasStillCountSoNothingRunsAway() {
    // 8 replicas asked for, none started: the queue still says 8, so nothing more is created
    List<ReplicaView> pending =
        java.util.stream.IntStream.range(0, 8)
            .mapToObj(i -> new ReplicaView("r" + i, true, false))
            .toList();
    AutoscaleOutcome o =
        new Driver(spec(1, 50, queue("q", 10, 0)), 8).decide(Map.of("q", Reading.of(80)), pending);
    assertThat(o.desired()).isEqualTo(8);
  }

  @Test
  void allResourceTriggersCountAsActive() {
    AutoscaleSpec s =
        spec(1, 5, Fixtures.cpu(dev.berth.core.model.TriggerSpec.MetricType.Utilization, 50));
    AutoscaleOutcome o = new Driver(s, 2).decide(Map.of("cpu", Fixtures.perReplica(50, 50)));
    assertThat(o.active()).isTrue();
    assertThat(o.desired()).isEqualTo(2);
  }

  @Test
  void aNegativeCurrentCountIsRefused() {
    assertThatThrownBy(
            () ->
                AutoscaleDecision.decide(
                    Fixtures.T0, two, -1, List.of(), Map.of(), AutoscaleState.start(Fixtures.T0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theStateKeepsOnlyWhatTheWindowsNeed() {
    Driver d = new Driver(spec(1, 100, queue("q", 1, 0)), 1);
    for (int t = 0; t < 2000; t += 7) {
      d.at(t).queue(t % 50);
    }
    assertThat(d.state.recommendations()).hasSizeLessThanOrEqualTo(300 / 7 + 1);
    assertThat(d.state.scaleUps()).hasSizeLessThanOrEqualTo(15 / 7 + 1);
  }
}
