package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.term.Term;
import dev.berth.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StopStatusLineTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final MutableClock clock = MutableClock.atEpoch2026();

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textSaysHowManyAreLeft() {
    assertThat(StopStatusLine.text(734, 1000))
        .isEqualTo("  stopping replicas: 734 of 1000 still running");
    assertThat(StopStatusLine.text(0, 1000)).isEqualTo("  all 1000 replicas stopped");
    assertThat(StopStatusLine.text(0, 1)).isEqualTo("  all 1 replica stopped");
  }

  @Test
  void withoutATerminalALineIsDueAtMostOnceASecondButAlwaysTheLast() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(StopStatusLine.due(null, 5, t0)).isTrue();
    assertThat(StopStatusLine.due(t0, 5, t0.plusMillis(999))).isFalse();
    assertThat(StopStatusLine.due(t0, 5, t0.plusSeconds(1))).isTrue();
    assertThat(StopStatusLine.due(t0, 0, t0.plusMillis(1))).isTrue();
  }

  @Test
  void aPipeGetsFewLines() {
    StopStatusLine line = new StopStatusLine(new Term(err, err, false, false), clock);
    for (int left = 1000; left >= 0; left--) {
      line.left(left, 1000);
      clock.advance(Duration.ofMillis(2)); // a thousand changes in two seconds
    }
    line.finish();
    assertThat(printed().lines())
        .hasSizeBetween(2, 4)
        .last()
        .isEqualTo(StopStatusLine.text(0, 1000));
  }

  @Test
  void aTerminalGetsOneLineRewrittenInPlace() {
    StopStatusLine line = new StopStatusLine(new Term(err, err, true, false), clock);
    line.left(3, 3);
    line.left(1, 3);
    line.finish(); // stopping gave up with one left: the line still ends
    assertThat(printed())
        .doesNotContain("\n" + StopStatusLine.text(1, 3))
        .endsWith("still running\n");
    assertThat(printed().split("\r")).hasSize(3);
  }

  @Test
  void nothingIsShownWithoutReplicas() {
    StopStatusLine line = new StopStatusLine(new Term(err, err, false, false), clock);
    line.left(0, 0);
    assertThat(printed()).isEmpty();
  }
}
