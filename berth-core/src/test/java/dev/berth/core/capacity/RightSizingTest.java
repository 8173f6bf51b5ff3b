package dev.berth.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.capacity.RightSizing.Policy;
import dev.berth.core.capacity.RightSizing.Recommendation;
import dev.berth.core.capacity.RightSizing.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RightSizingTest {
  static final long MI = 1L << 20;

  @Test
  void cpuIsTheP95PlusMarginAndMemoryTheMaxPlusMargin() {
    List<Sample> s = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      s.add(new Sample(i * 10, (100 + i) * MI)); // cpu 10..1000m, memory 101..200Mi
    }
    Recommendation r = RightSizing.recommend(s, 2000, 1024 * MI, Policy.DEFAULT);
    assertThat(r.enough()).isTrue();
    // p95 (nearest rank) = 950m; * 1.15 = 1092.5 -> 1093 -> rounded up to 1100m
    assertThat(r.cpuMillis()).isEqualTo(1100);
    // max 200Mi * 1.2 = 240Mi
    assertThat(r.memoryBytes()).isEqualTo(240 * MI);
    assertThat(r.why()).contains("p95 950m").contains("max 200Mi");
  }

  @Test
  void aSpikeMovesMemoryButNotCpu() {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      s.add(new Sample(100, 100 * MI));
    }
    s.add(new Sample(4000, 500 * MI));
    Recommendation r = RightSizing.recommend(s, 1000, GIB, Policy.DEFAULT);
    assertThat(r.cpuMillis()).isEqualTo(120); // 100 * 1.15 = 115 -> 120
    assertThat(r.memoryBytes()).isEqualTo(600 * MI);
  }

  static final long GIB = 1L << 30;

  @Test
  void tooFewSamplesKeepTheCurrentRequests() {
    Recommendation r =
        RightSizing.recommend(List.of(new Sample(1, MI)), 250, 256 * MI, Policy.DEFAULT);
    assertThat(r.enough()).isFalse();
    assertThat(r.cpuMillis()).isEqualTo(250);
    assertThat(r.why()).contains("only 1 usage samples");
  }

  @Test
  void idleServicesGetTheFloor() {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      s.add(new Sample(0, 0));
    }
    Recommendation r = RightSizing.recommend(s, 250, 256 * MI, Policy.DEFAULT);
    assertThat(r.cpuMillis()).isEqualTo(RightSizing.MIN_CPU_MILLIS);
    assertThat(r.memoryBytes()).isEqualTo(RightSizing.MIN_MEMORY_BYTES);
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> new Sample(-1, 0)).hasMessageContaining("negative");
    assertThatThrownBy(() -> new Policy(0, 0.1, 0.1, 1)).hasMessageContaining("percentile");
  }
}
