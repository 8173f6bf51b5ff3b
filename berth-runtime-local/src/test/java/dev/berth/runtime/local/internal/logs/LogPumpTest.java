package dev.berth.runtime.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogQuery;
import dev.berth.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pump draining a real named pipe, with a clock the test moves. */
class LogPumpTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.atEpoch2026();
  private LogStore store;

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
  }

  private FileChannel startReplica(String id) throws IOException {
    store = new LogStore(dir, clock, 1 << 20, 2);
    Path pipe = store.prepare("shop", "production", "web", id);
    store.watch(id);
    // as the replica's prelude does: read-write, so a write never meets a pipe without a reader
    return FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private void write(FileChannel out, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /**
   * Issue 7: the flood test saw "flood over" sort before the lines above it. The last chunk came
   * within the marks' spacing, so it had no mark, and readers took its time from the file's
   * modification time, which the kernel's coarse clock puts up to a few ms behind the last mark.
   * Now a chunk that empties the pipe is marked before it is written.
   */
  @Test
  void theLastLineBeforeAPauseHasItsTimeInTheIndexNotTheFilesModificationTime() throws IOException {
    try (FileChannel out = startReplica("web-1")) {
      Instant t0 = clock.instant();
      write(out, "first\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> store.logicalEnd("web-1") == 6);
      clock.advance(Duration.ofMillis(MarkWriter.SPACING_MS / 2)); // within the spacing
      write(out, "last\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> store.logicalEnd("web-1") == 11);

      LogFiles f = store.locate("web-1").orElseThrow();
      try (MarkIndex idx = MarkIndex.open(f.index())) {
        assertThat(idx.offsetAt(idx.count() - 1)).isEqualTo(11);
      }
      List<LogLine> lines = store.read(new LogQuery(List.of("web-1"), null, null, 10)).lines();
      assertThat(lines).extracting(LogLine::text).containsExactly("first", "last");
      assertThat(lines)
          .extracting(LogLine::time)
          .containsExactly(t0, t0.plusMillis(MarkWriter.SPACING_MS / 2));
    }
  }

  @Test
  void outputWrittenWhileNobodyDrainsWaitsInThePipeForTheNextPump() throws IOException {
    try (FileChannel out = startReplica("web-1")) {
      write(out, "before\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> store.logicalEnd("web-1") == 7);
      store.close(); // the control plane stops; the replica keeps its end of the pipe
      write(out, "while down\n");

      store = new LogStore(dir, clock, 1 << 20, 2);
      store.prepare("shop", "production", "web", "web-1");
      store.watch("web-1");
      await().atMost(Duration.ofSeconds(10)).until(() -> store.logicalEnd("web-1") == 18);
      write(out, "after\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> store.logicalEnd("web-1") == 24);
      assertThat(store.read(new LogQuery(List.of("web-1"), null, null, 10)).lines())
          .extracting(LogLine::text)
          .containsExactly("before", "while down", "after");
    }
  }
}
