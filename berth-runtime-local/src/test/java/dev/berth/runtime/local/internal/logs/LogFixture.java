package dev.berth.runtime.local.internal.logs;

import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import dev.berth.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A log store in a temp dir, written to through its {@link LogWriter} as a replica's pipe would be
 * drained, with time marks only when the test says ({@link #tick}), so tests control line times.
 */
final class LogFixture {
  final MutableClock clock = MutableClock.atEpoch2026();
  final LogStore store;
  private final Map<String, LogWriter> writers = new HashMap<>();

  LogFixture(Path dataDir, long maxBytes, int maxFiles) {
    this.store = new LogStore(dataDir, clock, maxBytes, maxFiles);
  }

  Path start(String id) {
    try {
      store.prepare("shop", "production", "web", id);
      LogFiles f = store.locate(id).orElseThrow();
      writers.put(id, store.writer(f));
      return f.live();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes as the pump would, without a time mark (the next {@link #tick} marks it). */
  void write(String id, String text) {
    write(id, text.getBytes(StandardCharsets.UTF_8));
  }

  void write(String id, byte[] bytes) {
    try {
      writers.get(id).write(ByteBuffer.wrap(bytes), clock.millis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records {@code n} bytes of output as dropped: a gap in the logical stream. */
  void drop(String id, long n) {
    try {
      writers.get(id).skip(n, clock.millis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops writing a replica's log (its process exited). */
  void stop(String id) {
    try {
      writers.remove(id).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves time and marks what every log reached by then. */
  Instant tick(Duration d) {
    Instant t = clock.advance(d);
    try {
      for (LogWriter w : writers.values()) {
        w.mark(clock.millis());
        w.flushMarks();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return t;
  }

  LogPage last(int limit, String... ids) {
    return store.read(new LogQuery(List.of(ids), null, null, limit));
  }

  LogPage follow(String cursor, int limit, String... ids) {
    return store.read(new LogQuery(List.of(ids), null, cursor, limit));
  }

  static List<String> texts(LogPage page) {
    return page.lines().stream().map(LogLine::text).toList();
  }
}
