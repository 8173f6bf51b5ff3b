package dev.berth.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.capacity.CostView.Report;
import dev.berth.core.capacity.CostView.ServiceUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostViewTest {
  static final long GI = 1L << 30;
  static final InstanceType NODE = InstanceType.of("n", 4000, 16 * GI, 1.0);
  static final SystemReserve NONE = SystemReserve.fixed(0, 0);

  @Test
  void eachServicePaysItsDominantShareAndIdleIsWhatItDoesNotUse() {
    Report r =
        CostView.compute(
            List.of(
                // 2 x 1 cpu / 2Gi: cpu share 0.5 dominates; uses 0.5 cpu in total -> 75% idle
                new ServiceUsage("web", 2, 1000, 2 * GI, 500, GI, 2),
                // 1 x 250m / 8Gi: memory share 0.5 dominates; uses 8Gi -> nothing idle
                new ServiceUsage("cache", 1, 250, 8 * GI, 100, 8 * GI, 1)),
            NODE,
            NONE);
    assertThat(r.services().get(0).allocatedMicros()).isEqualTo(500_000);
    assertThat(r.services().get(0).idleMicros()).isEqualTo(375_000);
    assertThat(r.services().get(1).allocatedMicros()).isEqualTo(500_000);
    assertThat(r.services().get(1).idleMicros()).isZero();
    assertThat(r.unallocatedMicros()).isZero();
    assertThat(r.idleMicros()).isEqualTo(375_000);
  }

  @Test
  void unsampledReplicasAreEstimatedAndNeverSampledIsUnknown() {
    Report r =
        CostView.compute(
            List.of(
                new ServiceUsage("web", 4, 500, GI, 200, GI, 2),
                new ServiceUsage("worker", 1, 500, GI, 0, 0, 0)),
            NODE,
            NONE);
    assertThat(r.services().get(0).cpuUsed()).isEqualTo(400);
    assertThat(r.services().get(1).idleMicros()).isEqualTo(-1);
    assertThat(r.idleMicros()).isEqualTo(-1);
    assertThat(r.unallocatedMicros()).isEqualTo(1_000_000 - 500_000 - 125_000);
  }

  @Test
  void anOvercommittedNodeIsSharedOutNoMoreThanOnce() {
    Report r =
        CostView.compute(
            List.of(
                new ServiceUsage("a", 3, 2000, GI, 0, 0, 0),
                new ServiceUsage("b", 1, 2000, GI, 0, 0, 0)),
            NODE,
            NONE);
    assertThat(r.allocatedMicros()).isEqualTo(1_000_000);
    assertThat(r.services().get(0).allocatedMicros()).isEqualTo(750_000);
  }

  @Test
  void aNodeTheReserveEatsIsRefused() {
    assertThatThrownBy(
            () ->
                CostView.compute(
                    List.of(),
                    InstanceType.of("t", 1000, 300L << 20, 0.01),
                    SystemReserve.standard()))
        .hasMessageContaining("pick a larger one");
  }
}
