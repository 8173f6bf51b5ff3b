package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under {@code kill -9}: a child JVM ({@link KillNineWriter}) commits transactions in a
 * loop and is killed with SIGKILL mid-loop, three times over the same file. After each kill the
 * database passes {@code PRAGMA integrity_check}, every transaction the child reported committed is
 * there, and every transaction is either wholly there (its replica and its event) or wholly absent.
 */
class SqliteKillNineIT {
  private static final int ROUNDS = 3;
  private static final int COMMITS_BEFORE_KILL = 40;

  @TempDir Path dataDir;
  @TempDir Path logs;

  @Test
  @Timeout(180)
  void aKilledWriterLosesNoCommittedTransactionAndLeavesNoHalfOne() throws Exception {
    long lastPrinted = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      long before = lastCommittedInStore();
      assertThat(before).isGreaterThanOrEqualTo(lastPrinted);
      List<Long> printed = runAndKill(round);
      assertThat(printed.get(0))
          .as("the writer continues after the last commit")
          .isEqualTo(before + 1);
      lastPrinted = printed.get(printed.size() - 1);

      assertThat(integrityCheck()).isEqualTo("ok");
      Set<Long> replicas = new TreeSet<>();
      Set<Long> events = new TreeSet<>();
      try (Store store = Stores.openSqlite(dataDir)) {
        store.read(
            (StoreTx tx) -> {
              for (ReplicaRecord r : tx.replicas().list(KillNineWriter.KEY)) {
                replicas.add(Long.parseLong(r.id().substring("r-".length())));
              }
              for (Event e : tx.events().list(new EventQuery("kill9", null, null, 0, 0))) {
                events.add(Long.parseLong(e.message()));
              }
              return null;
            });
      }
      assertThat(events).as("events and replicas commit together").isEqualTo(replicas);
      assertThat(events).as("last printed commit is durable").contains(lastPrinted);
      long max = ((TreeSet<Long>) events).last();
      assertThat(max)
          .as("at most one commit not yet printed")
          .isBetween(lastPrinted, lastPrinted + 1);
      assertThat(events)
          .as("no committed transaction is missing")
          .isEqualTo(LongStream.rangeClosed(1, max).boxed().collect(Collectors.toSet()));
    }
  }

  /**
   * Starts the writer, waits for enough commits, kills it with SIGKILL, returns what it printed.
   *
   * <p>The writer's stdout goes to a file, not a pipe. A thread reading the pipe races with the
   * JDK's reaping of the killed process, which drains and closes the pipe, and one run saw two
   * printed commits missing from what the thread had read. A file keeps every line the writer got
   * out before the kill.
   */
  private List<Long> runAndKill(int round) throws Exception {
    Path stderr = logs.resolve("writer-" + round + ".err");
    Path stdout = logs.resolve("writer-" + round + ".out");
    Process child =
        new ProcessBuilder(
                javaExecutable(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                KillNineWriter.class.getName(),
                dataDir.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(5))
          .failFast(() -> !child.isAlive())
          .until(() -> commitsIn(stdout).size() >= COMMITS_BEFORE_KILL);
    } catch (RuntimeException e) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(
          "the writer did not commit "
              + COMMITS_BEFORE_KILL
              + " transactions; its stderr:\n"
              + stderrOf(stderr),
          e);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no checkpoint
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    return commitsIn(stdout);
  }

  /** The numbers of the complete {@code committed N} lines the writer printed so far. */
  private static List<Long> commitsIn(Path stdout) throws IOException {
    List<Long> printed = new ArrayList<>();
    String text = Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
    int end = text.lastIndexOf('\n'); // a line cut by the kill is not a report
    for (String line : text.substring(0, end + 1).split("\n")) {
      if (line.startsWith("committed ")) {
        printed.add(Long.parseLong(line.substring("committed ".length())));
      }
    }
    return printed;
  }

  private long lastCommittedInStore() throws SQLException {
    if (!Files.exists(dataDir.resolve("berth.db"))) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("berth.db"));
        Statement s = c.createStatement()) {
      return Long.parseLong(
          SqliteStoreIT.single(
              s,
              "SELECT COALESCE(MAX(CAST(message AS INTEGER)), 0) FROM events WHERE type = 'Committed'"));
    }
  }

  private String integrityCheck() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("berth.db"));
        Statement s = c.createStatement()) {
      return SqliteStoreIT.single(s, "PRAGMA integrity_check");
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String stderrOf(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
