package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.ProbeTracker.Verdict;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.HealthCheck.Kind;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ProbeTrackerTest {
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  final HealthCheck http =
      new HealthCheck(
          Kind.HTTP,
          "/health",
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          3,
          Duration.ZERO,
          Duration.ofSeconds(60),
          true);

  @Test
  void readyOnFirstSuccessUnreadyAfterThresholdFailures() {
    ProbeTracker t = ProbeTracker.start(http, t0);
    assertThat(t.ready()).isFalse();
    t = t.record(true);
    assertThat(t.ready()).isTrue();
    t = t.record(false).record(false);
    assertThat(t.ready()).isTrue();
    assertThat(t.verdict(t0.plusSeconds(10))).isEqualTo(Verdict.KEEP);
    t = t.record(false);
    assertThat(t.ready()).isFalse();
    assertThat(t.verdict(t0.plusSeconds(10))).isEqualTo(Verdict.RESTART);
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    ProbeTracker t = ProbeTracker.start(http, t0).record(true).record(false).record(false);
    t = t.record(true).record(false).record(false);
    assertThat(t.ready()).isTrue();
  }

  @Test
  void neverReadyIsRestartedAfterTheStartupTimeoutOnly() {
    ProbeTracker t = ProbeTracker.start(http, t0).record(false).record(false).record(false);
    assertThat(t.verdict(t0.plusSeconds(59))).isEqualTo(Verdict.KEEP);
    assertThat(t.verdict(t0.plusSeconds(60))).isEqualTo(Verdict.RESTART);
  }

  @Test
  void withoutLivenessFailuresOnlyTakeTrafficAway() {
    HealthCheck readinessOnly =
        new HealthCheck(
            Kind.HTTP,
            "/h",
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            1,
            Duration.ZERO,
            Duration.ofSeconds(1),
            false);
    ProbeTracker t = ProbeTracker.start(readinessOnly, t0).record(true).record(false);
    assertThat(t.ready()).isFalse();
    assertThat(t.verdict(t0.plusSeconds(100))).isEqualTo(Verdict.KEEP);
  }

  @Test
  void probesInProportionToTheStartupTimeUntilReadyThenAtTheInterval() {
    ProbeTracker t = ProbeTracker.start(http, t0).record(false);
    assertThat(t.nextProbeDelay(t0.plusMillis(20))).isEqualTo(Duration.ofMillis(5));
    assertThat(t.nextProbeDelay(t0.plusMillis(400))).isEqualTo(Duration.ofMillis(20));
    assertThat(t.nextProbeDelay(t0.plusSeconds(10))).isEqualTo(Duration.ofMillis(500));
    assertThat(t.nextProbeDelay(t0.plusSeconds(100))).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.record(true).nextProbeDelay(t0.plusMillis(20))).isEqualTo(Duration.ofSeconds(2));
  }

  @Property
  void readinessIsNoticedWithinAFewPercentOfTheStartupTime(
      @ForAll @LongRange(min = 0, max = 600_000) long readyAfterMs) {
    ProbeTracker t = ProbeTracker.start(http, t0);
    java.time.Instant probeAt = t.firstProbeAt();
    java.time.Instant readyAt = t0.plusMillis(readyAfterMs);
    while (probeAt.isBefore(readyAt)) {
      t = t.record(false);
      probeAt = probeAt.plus(t.nextProbeDelay(probeAt));
    }
    long lagMs = Duration.between(readyAt, probeAt).toMillis();
    assertThat(lagMs)
        .isLessThanOrEqualTo(Math.max(5, readyAfterMs / 19 + 1))
        .isLessThanOrEqualTo(2000);
  }

  @Test
  void noProbeMeansReadyAtOnceAndNeverRestarted() {
    ProbeTracker t =
        ProbeTracker.start(HealthCheck.defaultFor(dev.berth.core.model.ServiceType.WORKER), t0);
    assertThat(t.ready()).isTrue();
    assertThat(t.verdict(t0.plusSeconds(1000))).isEqualTo(Verdict.KEEP);
  }
}
