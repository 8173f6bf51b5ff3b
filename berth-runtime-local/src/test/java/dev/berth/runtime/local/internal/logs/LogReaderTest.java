package dev.berth.runtime.local.internal.logs;

import static dev.berth.runtime.local.internal.logs.LogFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// a hang guard for every test (each takes well under a second), never a performance assertion
@org.junit.jupiter.api.Timeout(
    value = 120,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class LogReaderTest {
  @TempDir Path dir;

  private LogFixture fx() {
    return new LogFixture(dir, 1 << 20, 3);
  }

  @Test
  void linesGetTheTimeTheyWereFirstObserved() {
    LogFixture fx = fx();
    fx.start("web-1");
    fx.write("web-1", "one\ntwo\n");
    Instant t1 = fx.tick(Duration.ofMillis(200));
    fx.write("web-1", "three\n");
    Instant t2 = fx.tick(Duration.ofMillis(200));

    LogPage page = fx.last(10, "web-1");
    assertThat(texts(page)).containsExactly("one", "two", "three");
    assertThat(page.lines()).extracting(LogLine::time).containsExactly(t1, t1, t2);
    assertThat(page.lines()).extracting(LogLine::replicaId).containsOnly("web-1");
  }

  @Test
  void withoutCursorTheLastLinesAreReturned() {
    LogFixture fx = fx();
    fx.start("web-1");
    for (int i = 0; i < 100; i++) {
      fx.write("web-1", "line " + i + "\n");
    }
    fx.tick(Duration.ofMillis(200));
    assertThat(texts(fx.last(3, "web-1"))).containsExactly("line 97", "line 98", "line 99");
  }

  @Test
  void sinceKeepsOnlyLaterLines() {
    LogFixture fx = fx();
    fx.start("web-1");
    fx.write("web-1", "old\n");
    fx.tick(Duration.ofSeconds(1));
    fx.write("web-1", "new\n");
    Instant t2 = fx.tick(Duration.ofSeconds(1));

    LogPage page = fx.store.read(new LogQuery(List.of("web-1"), t2, null, 10));
    assertThat(texts(page)).containsExactly("new");
    LogPage none = fx.store.read(new LogQuery(List.of("web-1"), t2.plusMillis(1), null, 10));
    assertThat(none.lines()).isEmpty();
    LogPage fwd =
        fx.store.read(
            new LogQuery(List.of("web-1"), t2, new LogCursor(java.util.Map.of()).encode(), 10));
    assertThat(texts(fwd)).containsExactly("new");
  }

  @Test
  void followingWithTheCursorReturnsEachLineOnce() {
    LogFixture fx = fx();
    fx.start("web-1");
    fx.write("web-1", "a\nb\n");
    fx.tick(Duration.ofMillis(200));
    LogPage first = fx.last(10, "web-1");
    assertThat(texts(first)).containsExactly("a", "b");

    LogPage nothing = fx.follow(first.cursor(), 10, "web-1");
    assertThat(nothing.lines()).isEmpty();
    fx.write("web-1", "c\nd\ne\n");
    fx.tick(Duration.ofMillis(200));
    LogPage two = fx.follow(nothing.cursor(), 2, "web-1");
    assertThat(texts(two)).containsExactly("c", "d");
    LogPage rest = fx.follow(two.cursor(), 10, "web-1");
    assertThat(texts(rest)).containsExactly("e");
  }

  @Test
  void aFinalLineWithoutNewlineShowsOnceIdleForASecond() {
    LogFixture fx = fx();
    fx.start("web-1");
    fx.write("web-1", "done\nprompt> ");
    fx.tick(Duration.ofMillis(200));
    LogPage busy = fx.last(10, "web-1");
    assertThat(texts(busy)).containsExactly("done");

    fx.clock.advance(Duration.ofMillis(999));
    assertThat(texts(fx.follow(busy.cursor(), 10, "web-1"))).isEmpty();
    fx.clock.advance(Duration.ofMillis(1));
    LogPage idle = fx.follow(busy.cursor(), 10, "web-1");
    assertThat(texts(idle)).containsExactly("prompt> ");
    assertThat(texts(fx.last(10, "web-1"))).containsExactly("done", "prompt> ");

    fx.write("web-1", "yes\n");
    fx.tick(Duration.ofMillis(200));
    assertThat(texts(fx.follow(idle.cursor(), 10, "web-1"))).containsExactly("yes");
  }

  @Test
  void replicasAreMergedByTime() {
    LogFixture fx = fx();
    fx.start("web-1");
    fx.start("web-2");
    fx.write("web-1", "1a\n");
    fx.tick(Duration.ofMillis(200));
    fx.write("web-2", "2a\n");
    fx.tick(Duration.ofMillis(200));
    fx.write("web-1", "1b\n");
    fx.tick(Duration.ofMillis(200));

    LogPage page = fx.last(10, "web-1", "web-2");
    assertThat(texts(page)).containsExactly("1a", "2a", "1b");
    assertThat(page.lines())
        .extracting(LogLine::replicaId)
        .containsExactly("web-1", "web-2", "web-1");
    assertThat(texts(fx.last(2, "web-1", "web-2"))).containsExactly("2a", "1b");

    fx.write("web-2", "2b\n");
    fx.tick(Duration.ofMillis(200));
    fx.write("web-1", "1c\n");
    fx.tick(Duration.ofMillis(200));
    LogPage one = fx.follow(page.cursor(), 1, "web-1", "web-2");
    assertThat(texts(one)).containsExactly("2b");
    assertThat(texts(fx.follow(one.cursor(), 5, "web-1", "web-2"))).containsExactly("1c");
  }

  @Test
  void longLinesAreSplitWithoutBreakingCharacters() {
    LogFixture fx = fx();
    fx.start("web-1");
    String longLine = "é".repeat(20_000); // 40000 bytes, two bytes per character
    fx.write("web-1", longLine + "\nshort\n");
    fx.tick(Duration.ofMillis(200));

    List<String> back = texts(fx.last(10, "web-1"));
    assertThat(back).hasSize(4);
    assertThat(String.join("", back.subList(0, 3))).isEqualTo(longLine);
    assertThat(back.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(LineScanner.PIECE);
    assertThat(back).noneMatch(s -> s.contains("\uFFFD"));
    List<String> fwd =
        texts(fx.follow(new LogCursor(java.util.Map.of("web-1", 0L)).encode(), 10, "web-1"));
    assertThat(fwd).isEqualTo(back);
  }

  @Test
  void binaryOutputReadsBackAsSafeText() {
    LogFixture fx = fx();
    fx.start("web-1");
    byte[] garbage = new byte[5000];
    new java.util.Random(7).nextBytes(garbage);
    fx.write("web-1", garbage);
    fx.write("web-1", "\u001b[31mred\r\n");
    fx.tick(Duration.ofMillis(200));
    fx.clock.advance(Duration.ofSeconds(2));

    List<String> lines = texts(fx.last(10_000, "web-1"));
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1)).endsWith("\\x1b[31mred");
    assertThat(lines).allSatisfy(l -> assertThat(l.chars()).noneMatch(c -> c < 0x20 && c != '\t'));
  }

  @Test
  void unknownReplicaReadsAsEmptyAndABadCursorIsRejected() {
    LogFixture fx = fx();
    assertThat(fx.last(10, "web-nope").lines()).isEmpty();
    assertThatThrownBy(() -> fx.follow("garbage", 10, "web-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid log cursor");
    assertThatThrownBy(() -> fx.last(10, "../etc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logsOfAnEarlierControlPlaneAreFoundOnDisk() {
    LogFixture first = fx();
    first.start("web-old");
    first.write("web-old", "before the restart\n");
    first.tick(Duration.ofMillis(200));

    LogFixture second = fx(); // a fresh store knows no replica
    assertThat(texts(second.last(10, "web-old"))).containsExactly("before the restart");
    assertThat(second.store.replicaIdsWithLogs("shop", "production", "web"))
        .containsExactly("web-old");
  }

  @Test
  void tailReturnsOnlyOutputAfterTheGivenOffset() {
    LogFixture fx = fx();
    fx.start("web-1");
    fx.write("web-1", "first run\n");
    fx.tick(Duration.ofMillis(200));
    long start = fx.store.logicalEnd("web-1");
    fx.write("web-1", "sh: 1: nosuchcmd: not found"); // no newline: the process has exited
    assertThat(fx.store.tail("web-1", start, 5)).containsExactly("sh: 1: nosuchcmd: not found");
  }

  @Test
  void linesAfterTheLastMarkStayAfterItWhenTheFileTimeIsOlder() throws Exception {
    LogFixture fx = fx();
    Path live = fx.start("web-1");
    fx.write("web-1", "one\ntwo\n");
    Instant marked = fx.tick(Duration.ofMillis(200));
    fx.write("web-1", "three\nfour\n"); // not marked yet
    java.nio.file.Files.setLastModifiedTime(
        live, java.nio.file.attribute.FileTime.from(marked.minusMillis(5)));
    fx.clock.advance(Duration.ofSeconds(2));
    LogPage page = fx.last(10, "web-1");
    assertThat(texts(page)).containsExactly("one", "two", "three", "four");
    assertThat(page.lines()).extracting(LogLine::time).allMatch(t -> !t.isBefore(marked));
  }

  /**
   * A read that scans slowly (held inside its scan by the cancellation hook it asks before every
   * block) must not hold up a rotation: the pump rotates under the log's write lock, and while it
   * waits the replica's writes block on its full pipe. The read still returns the lines as they
   * were when it opened the files, the rotated-away file included.
   */
  @Test
  void aRotationProceedsWhileASlowReadScans() throws Exception {
    LogFixture fx = new LogFixture(dir, 100, 3);
    fx.start("web-1");
    fx.write("web-1", "first\nsecond\n");
    fx.tick(Duration.ofMillis(200));
    Path rotated = fx.store.locate("web-1").orElseThrow().rotated(1);
    java.util.concurrent.CountDownLatch scanning = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
    java.util.function.BooleanSupplier slow =
        () -> {
          scanning.countDown();
          try {
            proceed.await(60, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return false;
        };
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Future<LogPage> read =
          pool.submit(() -> fx.store.read(new LogQuery(List.of("web-1"), null, null, 10), slow));
      assertThat(scanning.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      java.util.concurrent.Future<?> rotation =
          pool.submit(() -> fx.write("web-1", "x".repeat(99) + "\n")); // past 100 bytes: rotates
      try {
        rotation.get(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("the rotation waited for the read to finish", e);
      }
      assertThat(rotated).as("the live file was rotated during the read").exists();
      proceed.countDown();
      assertThat(texts(read.get(20, java.util.concurrent.TimeUnit.SECONDS)))
          .containsExactly("first", "second");
    } finally {
      proceed.countDown();
      pool.shutdownNow();
    }
  }
}
