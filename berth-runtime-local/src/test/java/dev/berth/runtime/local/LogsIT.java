package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.runtime.ReplicaState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsIT {
  @TempDir Path tmp;
  private RuntimeFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void binaryGarbageReadsBackAsValidText() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(
        fx.worker("worker-bin", "head -c 100000 /dev/urandom; echo; echo done; exec sleep 30"));
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.logText("worker-bin").contains("done"));
    List<String> lines = fx.logText("worker-bin");
    assertThat(lines).allSatisfy(l -> assertThat(l.chars()).noneMatch(c -> c < 0x20 && c != '\t'));
    assertThat(lines)
        .allSatisfy(
            l ->
                assertThat(l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(16 * 1024 * 3));
  }

  @Test
  void outputOfEveryRunIsKeptWithTimesAndCanBeFollowed() {
    fx = new RuntimeFixture(tmp);
    Instant t0 = Instant.now().minusSeconds(1);
    fx.runtime.ensure(fx.worker("worker-runs", "echo \"run $$\"; sleep 0.2; exit 1"));
    fx.await("worker-runs", s -> s.restarts() >= 2, Duration.ofSeconds(10));
    await()
        .atMost(Duration.ofSeconds(3))
        .until(
            () ->
                fx.logText("worker-runs").stream().filter(l -> l.startsWith("run ")).count() >= 3);

    LogPage page = fx.runtime.read(new LogQuery(List.of("worker-runs"), null, null, 100));
    assertThat(page.lines())
        .extracting(LogLine::text)
        .filteredOn(l -> l.startsWith("run "))
        .doesNotHaveDuplicates();
    assertThat(page.lines())
        .extracting(LogLine::time)
        .allMatch(t -> t.isAfter(t0) && t.isBefore(Instant.now().plusSeconds(1)));
    assertThat(page.lines()).extracting(LogLine::time).isSorted();

    AtomicLong seen = new AtomicLong(page.lines().size());
    String[] cursor = {page.cursor()};
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              LogPage next =
                  fx.runtime.read(new LogQuery(List.of("worker-runs"), null, cursor[0], 100));
              cursor[0] = next.cursor();
              assertThat(next.lines()).allMatch(l -> l.text().startsWith("run "));
              return seen.addAndGet(next.lines().size()) > page.lines().size();
            });
  }

  /**
   * Issue 7: a worker writing 200-byte lines as fast as it can for 3 s took the log directory to
   * 1.19 GB, and the line it wrote right after the flood was lost. Now the bound holds at every
   * sample and the last line survives.
   */
  @Test
  void aFloodNeverTakesMoreThanTheBoundAndTheLineAfterItSurvives() throws Exception {
    long max = 1 << 20;
    int files = 2;
    fx = new RuntimeFixture(tmp, c -> c.withLogLimits(max, files));
    String flood =
        "exec perl -e 'my $l = (\"x\" x 199) . \"\\n\"; my $end = time + 3;"
            + " while (time < $end) { print $l for 1..1000 } $| = 1; print \"flood over\\n\";"
            + " sleep 30'";
    fx.runtime.ensure(fx.worker("worker-flood", flood));
    fx.await("worker-flood", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    Path dir = fx.dataDir.resolve("logs/shop/test/worker");
    // the documented bound: the output files, twice the index cap (a rewrite goes through a
    // temporary file), the layout file and its temporary
    long bound = (files + 1) * max + 2 * Math.max(64 * 1024, max / 16) + 4096;
    long peak = 0;
    int samples = 0;
    Instant end = Instant.now().plusSeconds(4);
    int round = 0;
    while (Instant.now().isBefore(end)) {
      peak = Math.max(peak, diskUse(dir));
      samples++;
      if (samples % 50 == 0) {
        // responsive while flooded: other replicas start and stop promptly
        String id = "worker-other" + round++;
        fx.runtime.ensure(fx.worker(id, "exec sleep 30"));
        fx.await(id, s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
        fx.runtime.stop(id, null, Duration.ofMillis(200));
        fx.await(id, s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(5));
      }
      Thread.sleep(5);
    }
    assertThat(peak).as("peak of %s samples", samples).isLessThanOrEqualTo(bound);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fx.logText("worker-flood").contains("flood over"));
    List<String> tail = fx.logText("worker-flood");
    assertThat(tail.get(tail.size() - 1)).isEqualTo("flood over");
    assertThat(tail.subList(0, tail.size() - 1)).containsOnly("x".repeat(199));
    assertThat(diskUse(dir)).isLessThanOrEqualTo(bound);
  }

  private static long diskUse(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void logsOfAStoppedReplicaStayReadable() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(fx.worker("worker-gone", "echo last words; exec sleep 30"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.logText("worker-gone").contains("last words"));
    fx.runtime.stop("worker-gone", null, Duration.ofMillis(200));
    fx.await("worker-gone", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(3));
    fx.close();

    fx = new RuntimeFixture(tmp);
    assertThat(fx.runtime.replicaIdsWithLogs("shop", "test", "worker"))
        .containsExactly("worker-gone");
    assertThat(fx.logText("worker-gone")).contains("last words");
  }
}
