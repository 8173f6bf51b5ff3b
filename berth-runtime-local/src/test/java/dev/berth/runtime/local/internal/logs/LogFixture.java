package dev.berth.runtime.local.internal.logs;

import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import dev.berth.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A log store in a temp dir, written to as a replica would and observed when the test says. */
final class LogFixture {
  final MutableClock clock = MutableClock.atEpoch2026();
  final LogStore store;

  LogFixture(Path dataDir, long maxBytes, int maxFiles) {
    this.store = new LogStore(dataDir, clock, maxBytes, maxFiles);
  }

  Path start(String id) {
    try {
      Path live = store.prepare("shop", "production", "web", id);
      Files.createFile(live);
      store.watch(id);
      return live;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends as the process would (the watcher is not told). */
  void write(String id, String text) {
    write(id, text.getBytes(StandardCharsets.UTF_8));
  }

  void write(String id, byte[] bytes) {
    try {
      Files.write(
          store.locate(id).orElseThrow().live(),
          bytes,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves time and lets the watcher observe. */
  Instant tick(Duration d) {
    Instant t = clock.advance(d);
    store.tick();
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
