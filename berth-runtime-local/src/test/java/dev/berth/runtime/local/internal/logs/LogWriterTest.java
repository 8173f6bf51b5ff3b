package dev.berth.runtime.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogQuery;
import dev.berth.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer on its own, as the pump uses it. */
class LogWriterTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.atEpoch2026();

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Issue 7 item 6: output lost (a full disk) must be visible in {@code berth logs}, not only as a
   * line break.
   */
  @Test
  void droppedOutputShowsAsALineSayingHowMuchWasDropped() throws IOException {
    LogStore store = new LogStore(dir, clock, 1 << 20, 2);
    store.prepare("shop", "production", "web", "web-1");
    LogFiles f = store.locate("web-1").orElseThrow();
    try (LogWriter w = store.writer(f)) {
      long now = clock.millis();
      w.write(bytes("before the gap\npartial"), now);
      w.dropped(4096, now);
      w.write(bytes("after\n"), now);
      w.dropped(1, now);
      w.write(bytes("last\n"), now);
      w.mark(now);
      w.flushMarks();
      assertThat(w.logicalEnd())
          .isEqualTo(
              "before the gap\npartial".length()
                  + 4096
                  + LogWriter.dropNote(4096).length
                  + "after\n".length()
                  + 1
                  + LogWriter.dropNote(1).length
                  + "last\n".length());
    }
    List<String> lines =
        store.read(new LogQuery(List.of("web-1"), null, null, 10)).lines().stream()
            .map(LogLine::text)
            .toList();
    assertThat(lines)
        .containsExactly(
            "before the gap",
            "partial",
            "[berth: 4096 bytes of output dropped]",
            "after",
            "[berth: 1 byte of output dropped]",
            "last");
  }
}
