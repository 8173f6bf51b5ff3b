package dev.berth.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.berth.core.capacity.ProvisionOptions.Usable;
import java.util.List;
import org.junit.jupiter.api.Test;

class LowerBoundTest {
  static final long GI = 1L << 30;

  @Test
  void l1IsTheTightestDimension() {
    Usable u = new Usable(4000, 16 * GI, 110);
    assertThat(LowerBound.nodes(8001, 10 * GI, 10, u)).isEqualTo(3);
    assertThat(LowerBound.nodes(100, 33 * GI, 10, u)).isEqualTo(3);
    assertThat(LowerBound.nodes(100, GI, 221, u)).isEqualTo(3);
    assertThat(LowerBound.nodes(0, 0, 0, u)).isZero();
  }

  @Test
  void theCoveringBoundMixesACpuTypeAndAMemoryType() {
    // cpu type: 4 cores / 4Gi at 1; memory type: 1 core / 16Gi at 1. Need 4 cores and 16Gi:
    // x_c * 4 + x_m = 4, 4 x_c + 16 x_m = 16 -> x_c = 0.8, x_m = 0.8: cost 1.6 (vs 4 of either
    // alone)
    InstanceType c = InstanceType.of("c", 4000, 4 * GI, 1);
    InstanceType m = InstanceType.of("m", 1000, 16 * GI, 1);
    ProvisionOptions o = ProvisionerTest.BARE;
    double b = LowerBound.costMicros(4000, 16 * GI, 2, List.of(c, m), o);
    assertThat(b).isCloseTo(1_600_000, within(1.0));
  }
}
