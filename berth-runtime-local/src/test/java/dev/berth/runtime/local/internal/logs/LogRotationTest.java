package dev.berth.runtime.local.internal.logs;

import static dev.berth.runtime.local.internal.logs.LogFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.logs.LogPage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// a hang guard for every test (each takes well under a second), never a performance assertion
@org.junit.jupiter.api.Timeout(
    value = 120,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class LogRotationTest {
  @TempDir Path dir;

  @Test
  void rotatesByRenameAtExactlyTheLimitKeepingNFilesAndReadsAcrossThem() throws IOException {
    LogFixture fx = new LogFixture(dir, 1024, 3);
    Path live = fx.start("web-1");
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String line = String.format("line %04d padding padding", i);
      written.add(line);
      fx.write("web-1", line + "\n");
      if (i % 10 == 9) {
        fx.tick(Duration.ofMillis(200));
      }
    }
    LogFiles f = fx.store.locate("web-1").orElseThrow();
    assertThat(Files.size(live)).isLessThan(1024);
    for (int k = 1; k <= 3; k++) {
      assertThat(Files.size(f.rotated(k))).isEqualTo(1024); // nothing copied, nothing dropped
    }
    assertThat(f.rotated(4)).doesNotExist();

    List<String> all = texts(fx.last(10_000, "web-1"));
    assertThat(written).endsWith(all.subList(1, all.size()).toArray(String[]::new));
    assertThat(all.size()).isGreaterThan(3 * 1024 / 27);
  }

  @Test
  void aCursorStaysValidAcrossRotations() {
    LogFixture fx = new LogFixture(dir, 1024, 2);
    fx.start("web-1");
    fx.write("web-1", "first\n");
    fx.tick(Duration.ofMillis(200));
    LogPage page = fx.last(10, "web-1");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String line = "x".repeat(60) + i;
      expected.add(line);
      fx.write("web-1", line + "\n");
      fx.tick(Duration.ofMillis(200)); // rotates every ~16 lines
    }
    assertThat(texts(fx.follow(page.cursor(), 1000, "web-1"))).isEqualTo(expected);
  }

  @Test
  void aFloodNeverTakesMoreThanTheBoundAndLosesNothing() throws IOException {
    long max = 64 * 1024;
    LogFixture fx = new LogFixture(dir, max, 2);
    fx.start("web-1");
    Path logDir = fx.store.locate("web-1").orElseThrow().dir();
    byte[] chunk = ("y\n".repeat(16 * 1024 + 7)).getBytes(); // not a divisor of the limit
    for (int i = 0; i < 200; i++) {
      fx.write("web-1", chunk);
      fx.tick(Duration.ofMillis(1));
      assertThat(logBytes(logDir)).isLessThanOrEqualTo(3 * max);
      assertThat(Files.size(fx.store.locate("web-1").orElseThrow().index()))
          .isLessThanOrEqualTo(LogWriter.indexCap(max));
    }
    fx.write("web-1", "flood over\n");
    fx.tick(Duration.ofMillis(200));
    List<String> lines = texts(fx.last(100, "web-1"));
    assertThat(lines).hasSize(100).endsWith("flood over");
    assertThat(lines.subList(0, 99)).containsOnly("y");
    assertThat(fx.store.logicalEnd("web-1")).isEqualTo(200L * chunk.length + 11);
  }

  private static long logBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().contains(".log"))
          .mapToLong(p -> p.toFile().length())
          .sum();
    }
  }

  @Test
  void droppedOutputIsAGapThatBreaksTheLine() {
    LogFixture fx = new LogFixture(dir, 1 << 20, 2);
    fx.start("web-1");
    fx.write("web-1", "before the gap\npartial");
    fx.drop("web-1", 4096);
    fx.write("web-1", "after\n");
    fx.tick(Duration.ofMillis(200));
    assertThat(texts(fx.last(10, "web-1"))).containsExactly("before the gap", "partial", "after");
    assertThat(fx.store.logicalEnd("web-1"))
        .isEqualTo("before the gap\npartial".length() + 4096 + "after\n".length());
  }

  /**
   * A gap needs a new file (a file is one unbroken run of the stream), so it rotates a live file
   * that holds bytes; gaps with nothing written between them (a disk that stays full) rotate only
   * once, so they cost one rotated file, not one each.
   */
  @Test
  void consecutiveGapsWithNothingWrittenBetweenRotateOnce() {
    LogFixture fx = new LogFixture(dir, 1000, 3);
    Path live = fx.start("web-1");
    fx.write("web-1", "before\n");
    fx.drop("web-1", 100);
    fx.drop("web-1", 200);
    fx.drop("web-1", 300);
    fx.write("web-1", "after\n");
    fx.tick(Duration.ofMillis(200));

    assertThat(live.resolveSibling("web-1.log.1")).exists();
    assertThat(live.resolveSibling("web-1.log.2")).doesNotExist();
    assertThat(texts(fx.last(10, "web-1"))).containsExactly("before", "after");
  }

  @Test
  void logFilesAreForTheirOwnerOnly() throws IOException {
    LogFixture fx = new LogFixture(dir, 1024, 2);
    fx.start("web-1");
    for (int i = 0; i < 100; i++) {
      fx.write("web-1", "line " + i + " padding padding\n");
      fx.tick(Duration.ofMillis(20));
    }
    LogFiles f = fx.store.locate("web-1").orElseThrow();
    for (Path p : List.of(f.live(), f.rotated(1), f.rotated(2), f.index(), f.positions())) {
      assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).isEqualTo(PrivateFiles.FILE);
    }
    assertThat(Files.getPosixFilePermissions(f.pipe())).isEqualTo(PrivateFiles.FILE);
    for (Path d = f.dir(); !d.equals(dir); d = d.getParent()) {
      assertThat(Files.getPosixFilePermissions(d)).as(d.toString()).isEqualTo(PrivateFiles.DIR);
    }
  }

  @Test
  void filesOfAnEarlierVersionBecomePrivateAndAnOversizedLiveFileIsRotated() throws IOException {
    Path svc = dir.resolve("logs/shop/production/web");
    Files.createDirectories(svc);
    Files.setPosixFilePermissions(svc, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(svc.resolve("web-1.log"), "old line\n".repeat(1000)); // 0644, 9000 bytes
    LogFixture fx = new LogFixture(dir, 1024, 2);
    fx.start("web-1");
    LogFiles f = fx.store.locate("web-1").orElseThrow();
    assertThat(Files.getPosixFilePermissions(svc)).isEqualTo(PrivateFiles.DIR);
    assertThat(Files.getPosixFilePermissions(f.rotated(1))).isEqualTo(PrivateFiles.FILE);
    assertThat(Files.size(f.live())).isZero();
    fx.write("web-1", "new line\n");
    fx.tick(Duration.ofMillis(200));
    assertThat(texts(fx.last(2, "web-1"))).containsExactly("old line", "new line");
  }

  @Test
  // a hang guard only: the read takes well under a second (it took 13 s when the scanner stepped
  // through the file byte by byte)
  @org.junit.jupiter.api.Timeout(
      value = 120,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void readingBackwardsAcrossAGapEnds() throws IOException {
    long max = 64 * 1024;
    LogFixture fx = new LogFixture(dir, max, 2);
    fx.start("web-1");
    byte[] chunk = ("y\n".repeat(16 * 1024)).getBytes();
    for (int i = 0; i < 5; i++) {
      fx.write("web-1", chunk);
      fx.drop("web-1", 64 * 1024); // output lost on a full disk: gaps between the files
      fx.tick(Duration.ofMillis(200));
    }
    fx.write("web-1", "last\n");
    fx.tick(Duration.ofMillis(200));
    List<String> all = texts(fx.last(10_000_000, "web-1"));
    assertThat(all).isNotEmpty().endsWith("last").hasSizeLessThan(5 * 16 * 1024);
  }

  @Test
  void logsOfGoneReplicasAreDeletedAfterRetentionOnly() throws IOException {
    LogFixture fx = new LogFixture(dir, 1024, 2);
    Path live = fx.start("web-1");
    fx.start("web-2");
    fx.store.watch("web-2"); // its pipe is drained: it runs
    try {
      fx.write("web-1", "bye\n");
      fx.tick(Duration.ofMillis(200));
      fx.stop("web-1");
      FileTime old = FileTime.from(fx.clock.instant().minus(Duration.ofDays(8)));
      Files.setLastModifiedTime(live, old);
      Files.setLastModifiedTime(fx.store.locate("web-2").orElseThrow().live(), old);

      List<String> deleted = fx.store.sweep(Duration.ofDays(7));
      assertThat(deleted).containsExactly("web-1");
      assertThat(live).doesNotExist();
      assertThat(fx.store.locate("web-2").orElseThrow().pipe()).exists();
      assertThat(fx.store.replicaIdsWithLogs("shop", "production", "web")).containsExactly("web-2");
    } finally {
      fx.store.close();
    }
  }

  @Test
  void aRecentLogOfAGoneReplicaIsKept() {
    LogFixture fx = new LogFixture(dir, 1024, 2);
    fx.start("web-1");
    fx.stop("web-1");
    fx.clock.set(java.time.Instant.now());
    assertThat(fx.store.sweep(Duration.ofDays(7))).isEmpty();
  }
}
