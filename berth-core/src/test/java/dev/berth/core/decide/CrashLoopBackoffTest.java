package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CrashLoopBackoffTest {
  final CrashLoopBackoff b =
      new CrashLoopBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void firstCrashRestartsAtOnceThenDoublesToTheCap() {
    assertThat(b.delay(1)).isZero();
    assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(b.delay(7)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aLongCleanRunResetsTheCount() {
    assertThat(b.consecutiveAfterCrash(6, t0, t0.plusSeconds(3))).isEqualTo(7);
    assertThat(b.consecutiveAfterCrash(6, t0, t0.plus(Duration.ofMinutes(5)))).isEqualTo(1);
  }

  @Property
  void delayNeverDecreasesAndStaysWithinCap(@ForAll @IntRange(min = 1, max = 200) int n) {
    assertThat(b.delay(n + 1)).isGreaterThanOrEqualTo(b.delay(n));
    assertThat(b.delay(n)).isBetween(Duration.ZERO, b.cap());
  }
}
