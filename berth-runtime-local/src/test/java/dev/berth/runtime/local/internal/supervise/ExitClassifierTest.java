package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.ExitInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitClassifierTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static ExitInfo classify(
      int code, boolean adopted, String kill, boolean oom, boolean stopping) {
    return ExitClassifier.classify(
        new ExitClassifier.Facts(
            code, adopted, kill, kill == null ? null : "why", oom, 64L << 20, stopping),
        () -> List.of("boom"),
        NOW);
  }

  @Test
  void precedenceIsKillReasonThenOomThenStopThenCode() {
    assertThat(classify(143, false, "LivenessFailed", true, true).reason())
        .isEqualTo("LivenessFailed");
    assertThat(classify(137, false, null, true, true).reason()).isEqualTo("OOMKilled");
    assertThat(classify(143, false, null, false, true).reason()).isEqualTo("Killed");
    assertThat(classify(0, false, null, false, true).reason()).isEqualTo("Completed");
    assertThat(classify(0, false, null, false, false).reason()).isEqualTo("Completed");
    ExitInfo error = classify(2, false, null, false, false);
    assertThat(error.reason()).isEqualTo("Error");
    assertThat(error.message()).isEqualTo("exited with code 2: boom");
  }

  @Test
  void anOomKilledChildDoesNotMakeACleanExitAnOom() {
    assertThat(classify(0, false, null, true, false).reason()).isEqualTo("Completed");
  }

  @Test
  void anAdoptedProcessHasNoKnownCode() {
    ExitInfo e = classify(0, true, null, false, false);
    assertThat(e.code()).isEqualTo(-1);
    assertThat(e.reason()).isEqualTo("Error");
    assertThat(e.message()).contains("code unknown");
  }

  @Test
  void millicoresNeedTwoSamplesAndNeverGoNegative() {
    assertThat(ExitClassifier.millicores(-1, null, 5, NOW)).isEqualTo(-1);
    assertThat(ExitClassifier.millicores(0, NOW, 250_000_000, NOW.plus(Duration.ofMillis(500))))
        .isEqualTo(500);
    assertThat(ExitClassifier.millicores(900, NOW, 100, NOW.plusSeconds(1))).isZero();
  }
}
