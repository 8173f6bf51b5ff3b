package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.Resources;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  static final long GI = 1024L * 1024 * 1024;
  static final long MI = 1024L * 1024;

  @Test
  void fitsWhenBothRequestsFit() {
    assertThat(Admission.decide("local", 2000, 4 * GI, 1500, 3 * GI, Resources.of(500L, GI)).fits())
        .isTrue();
  }

  @Test
  void namesWhatIsShortWithNumbers() {
    Admission.Verdict v =
        Admission.decide(
            "local", 2000, 4 * GI, 1800, 3 * GI + 768 * MI, Resources.of(500L, 512 * MI));
    assertThat(v.fits()).isFalse();
    assertThat(v.reason()).isEqualTo("Insufficient cpu and memory");
    assertThat(v.message())
        .contains("requests cpu 500m but 200m of 2 allocatable is free")
        .contains("requests memory 512Mi but 256Mi of 4Gi allocatable is free");
  }

  @Test
  void overcommittedNodeReportsZeroFree() {
    Admission.Verdict v = Admission.decide("local", 1000, GI, 1200, GI, Resources.of(100L, MI));
    assertThat(v.reason()).isEqualTo("Insufficient cpu and memory");
    assertThat(v.message()).contains("but 0 of 1 allocatable");
  }
}
