package dev.berth.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.Percent;
import dev.berth.core.rollout.WatchVerdict.Reason;
import dev.berth.core.rollout.WatchVerdict.Window;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchVerdictTest {
  static final DeploySpec WITH_LATENCY =
      new DeploySpec(
          null, null, null, null, null, true, null, Percent.of(5), Duration.ofMillis(500));

  @Test
  void fewerThanTwentyRequestsSayNothing() {
    assertThat(WatchVerdict.judge(DeploySpec.DEFAULT, new Window(19, 19, null)).healthy()).isTrue();
  }

  @Test
  void theErrorRateFailsOnlyStrictlyAboveTheThreshold() {
    assertThat(WatchVerdict.judge(DeploySpec.DEFAULT, new Window(20, 1, null)).healthy()).isTrue();
    WatchVerdict v = WatchVerdict.judge(DeploySpec.DEFAULT, new Window(40, 5, null));
    assertThat(v.healthy()).isFalse();
    assertThat(v.reason()).isEqualTo(Reason.ERROR_RATE);
    assertThat(v.message()).isEqualTo("5xx rate 12.5% (5 of 40 requests) is above errorRate 5%");
  }

  @Test
  void latencyIsJudgedOnlyWhenSetAndMeasured() {
    Window slow = new Window(100, 0, Duration.ofMillis(850));
    assertThat(WatchVerdict.judge(DeploySpec.DEFAULT, slow).healthy()).isTrue();
    assertThat(WatchVerdict.judge(WITH_LATENCY, new Window(100, 0, null)).healthy()).isTrue();
    assertThat(WatchVerdict.judge(WITH_LATENCY, new Window(100, 0, Duration.ofMillis(500))))
        .isEqualTo(WatchVerdict.HEALTHY);
    WatchVerdict v = WatchVerdict.judge(WITH_LATENCY, slow);
    assertThat(v.reason()).isEqualTo(Reason.LATENCY_P95);
    assertThat(v.message())
        .isEqualTo("p95 latency 850ms over 100 requests is above latencyP95 500ms");
  }

  @Test
  void theErrorRateIsCheckedFirst() {
    WatchVerdict v = WatchVerdict.judge(WITH_LATENCY, new Window(100, 50, Duration.ofSeconds(3)));
    assertThat(v.reason()).isEqualTo(Reason.ERROR_RATE);
  }

  @Test
  void theWatchWindowIsHalfOpenAndOffAtZero() {
    Instant done = Instant.parse("2026-01-01T12:00:00Z");
    assertThat(WatchVerdict.watching(done, done, DeploySpec.DEFAULT)).isTrue();
    assertThat(WatchVerdict.watching(done.plusSeconds(119), done, DeploySpec.DEFAULT)).isTrue();
    assertThat(WatchVerdict.watching(done.plusSeconds(120), done, DeploySpec.DEFAULT)).isFalse();
    DeploySpec off = new DeploySpec(null, null, null, null, null, true, Duration.ZERO, null, null);
    assertThat(WatchVerdict.watching(done, done, off)).isFalse();
  }
}
