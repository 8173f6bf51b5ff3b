package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.local.internal.supervise.ShutdownDecision.Step;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ShutdownDecisionProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  @Property(tries = 300)
  void doneExactlyWhenNoGroupIsLeft(
      @ForAll @IntRange(min = 0, max = 5000) int left,
      @ForAll @LongRange(min = 0, max = 60_000) long nowMs,
      @ForAll @LongRange(min = 0, max = 60_000) long graceMs,
      @ForAll boolean killed) {
    Instant killedAt = killed ? T0.plusMillis(graceMs) : null;
    Step s =
        ShutdownDecision.next(
            left, T0.plusMillis(nowMs), T0.plusMillis(graceMs), killedAt, KILL_WAIT);
    assertThat(s == Step.DONE).isEqualTo(left == 0);
  }

  @Property(tries = 300)
  void killComesOnlyOnceAndOnlyAfterTheGrace(
      @ForAll @IntRange(min = 1, max = 5000) int left,
      @ForAll @LongRange(min = 0, max = 60_000) long nowMs,
      @ForAll @LongRange(min = 0, max = 60_000) long graceMs) {
    Instant now = T0.plusMillis(nowMs);
    Instant due = T0.plusMillis(graceMs);
    assertThat(ShutdownDecision.next(left, now, due, null, KILL_WAIT))
        .isEqualTo(now.isBefore(due) ? Step.WAIT : Step.KILL);
    assertThat(ShutdownDecision.next(left, now, due, now, KILL_WAIT)).isEqualTo(Step.WAIT);
  }

  @Property(tries = 300)
  void givesUpOnlyKillWaitAfterSigkill(
      @ForAll @IntRange(min = 1, max = 5000) int left,
      @ForAll @LongRange(min = 0, max = 60_000) long sinceKillMs) {
    Instant killedAt = T0.plusSeconds(30);
    Step s = ShutdownDecision.next(left, killedAt.plusMillis(sinceKillMs), T0, killedAt, KILL_WAIT);
    assertThat(s).isEqualTo(sinceKillMs < KILL_WAIT.toMillis() ? Step.WAIT : Step.GIVE_UP);
  }
}
