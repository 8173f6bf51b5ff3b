package dev.berth.runtime.local.internal.logs;

import static dev.berth.runtime.local.internal.logs.LogFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.logs.LogQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversarial case of issue 7: a worker floods 200-byte lines, output is dropped between bursts
 * (gaps in the stream), and then someone reads 65,000 lines. Such a read once stepped back through
 * the gaps byte by byte for more than 11 minutes and kept going after its client left. The timeout
 * is a hang guard only (the read takes well under a second); nothing here measures speed.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogFloodTest {
  static final int LINES = 100_000;
  static final int BURST = 10_000;

  @TempDir Path dir;

  /**
   * 100,000 numbered lines of 200 bytes, written 50 at a time; after every 10,000, 2,000 bytes are
   * dropped (a gap, which also starts a new file), so the last 65,000 lines span six gaps.
   */
  private static LogFixture flood(Path dir) {
    LogFixture fx = new LogFixture(dir, 4L << 20, 8);
    fx.start("worker-1");
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < LINES; i++) {
      burst.append(line(i)).append('\n');
      if (i % 50 == 49) {
        fx.write("worker-1", burst.toString());
        burst.setLength(0);
      }
      if (i % BURST == BURST - 1) {
        fx.drop("worker-1", 2_000);
      }
      if (i % 1000 == 999) {
        fx.tick(Duration.ofMillis(10));
      }
    }
    fx.write("worker-1", "flood over\n");
    fx.tick(Duration.ofSeconds(2));
    return fx;
  }

  static String line(int i) {
    return String.format("%07d ", i) + "x".repeat(191); // 199 characters and a newline
  }

  @Test
  void readingTheLast65000LinesOfAFloodWithGapsEndsWithThemAll() {
    LogFixture fx = flood(dir);
    List<String> lines = texts(fx.last(65_000, "worker-1"));
    List<String> expected = new ArrayList<>();
    for (int i = LINES - 64_999; i < LINES; i++) {
      expected.add(line(i));
    }
    expected.add("flood over");
    assertThat(lines).hasSize(65_000).isEqualTo(expected);
  }

  @Test
  void followingAFloodWithGapsReturnsEveryRetainedLineOnceInOrder() {
    LogFixture fx = flood(dir);
    String cursor = fx.last(1, "worker-1").cursor();
    fx.write("worker-1", "after\n");
    fx.tick(Duration.ofSeconds(2));
    assertThat(texts(fx.follow(cursor, 100_000, "worker-1"))).containsExactly("after");
    LogQuery fromStart =
        new LogQuery(
            List.of("worker-1"), null, new LogCursor(java.util.Map.of()).encode(), 100_000);
    List<String> all = texts(fx.store.read(fromStart));
    assertThat(all).endsWith(line(LINES - 1), "flood over", "after");
    for (int k = 2; k < all.size() - 2; k++) {
      int prev = Integer.parseInt(all.get(k - 1).substring(0, 7));
      assertThat(Integer.parseInt(all.get(k).substring(0, 7))).isEqualTo(prev + 1);
    }
  }

  @Test
  void aCancelledReadStopsAtItsNextBlock() {
    LogFixture fx = flood(dir);
    AtomicInteger asked = new AtomicInteger();
    LogQuery q = new LogQuery(List.of("worker-1"), null, null, 65_000);
    assertThatThrownBy(() -> fx.store.read(q, () -> asked.incrementAndGet() >= 3))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("client went away");
    assertThat(asked).hasValue(3); // it stopped at the first block after it was cancelled
    assertThat(fx.store.read(q, () -> false).lines()).hasSize(65_000);
  }
}
