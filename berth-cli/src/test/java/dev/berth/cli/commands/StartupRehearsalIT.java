package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.cli.client.ApiClient;
import dev.berth.cli.commands.RehearsalScript.Step;
import dev.berth.server.ControlPlane;
import dev.berth.server.ServerConfig;
import dev.berth.server.auth.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The start-up rehearsal with a real private control plane: real store, processes, probes and
 * router. It must get through every step, leave no process and no directory behind, and stop its
 * replicas when closed half-way (Ctrl-C during {@code berth up}'s first seconds).
 */
class StartupRehearsalIT {

  @TempDir Path dataDir;

  /** This JVM's descendants running {@code sleep}: the rehearsal's replicas. */
  private static List<ProcessHandle> sleepers() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("sleep 120"))
        .toList();
  }

  @Test
  void rehearsesAWholeDeployAndLeavesNothingBehind() throws Exception {
    StartupRehearsal rehearsal = new StartupRehearsal(dataDir, Clock.systemUTC());
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);

    Set<Step> done;
    try {
      done = rehearsal.run();
    } finally {
      root.detachAppender(logged);
    }

    assertThat(done).containsExactly(Step.values());
    // berth up's console shows the user's control plane only: the rehearsal's is quiet
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
    assertThat(sleepers()).isEmpty();
    assertThat(rehearsal.dir()).doesNotExist();
    try (var left = Files.list(dataDir)) {
      assertThat(left).as("the user's data directory").isEmpty();
    }
  }

  @Test
  void aRehearsalClosedBeforeItStartedDeletesNothingAndNeverStarts() throws Exception {
    Path theirs = Files.createDirectories(dataDir.resolve(StartupRehearsal.DIR));
    Files.writeString(theirs.resolve("keep.txt"), "not the rehearsal's");
    StartupRehearsal rehearsal = new StartupRehearsal(dataDir, Clock.systemUTC());

    rehearsal.close(); // Ctrl-C before the banner, or berth up --no-rehearsal exiting
    Set<Step> done = rehearsal.run();

    assertThat(done).isEmpty();
    assertThat(theirs.resolve("keep.txt")).exists();
    assertThat(sleepers()).isEmpty();
  }

  @Test
  void closingMidwayStopsItsReplicas() throws Exception {
    StartupRehearsal rehearsal = new StartupRehearsal(dataDir, Clock.systemUTC());
    CompletableFuture<Set<Step>> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return rehearsal.run();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> !sleepers().isEmpty());

    rehearsal.close();

    assertThat(sleepers()).isEmpty();
    assertThat(rehearsal.dir()).doesNotExist();
    assertThat(running.get()).doesNotContain(Step.STOPPED);
  }

  @Test
  void replicasLeftByARehearsalThatDiedAreStoppedByTheNextOne() throws Exception {
    // A rehearsal whose JVM died (kill -9): its replicas run on, recorded in its store.
    ServerConfig died =
        ServerConfig.defaults()
            .withDataDir(dataDir.resolve(StartupRehearsal.DIR))
            .withPorts(0, 0)
            .withKeepRunning(true)
            .withCgroups(false)
            .withQuiet(true);
    try (ControlPlane cp = new ControlPlane(died, Clock.systemUTC()).start()) {
      String token = Tokens.generate();
      cp.store().write(tx -> tx.tokens().add("t", Tokens.sha256Hex(token), Instant.now()));
      Files.createDirectories(dataDir.resolve("app"));
      new ApiClient(cp.apiUrl(), token)
          .post(
              "/api/v1/apply",
              Map.of(
                  "spec",
                  RehearsalScript.SPEC,
                  "sourceDir",
                  dataDir.resolve("app").toString(),
                  "environment",
                  "production"));
      await().atMost(Duration.ofSeconds(30)).until(() -> sleepers().size() == 3);
    }
    List<ProcessHandle> left = sleepers();
    assertThat(left).hasSize(3);

    Set<Step> done = new StartupRehearsal(dataDir, Clock.systemUTC()).run();

    assertThat(done).containsExactly(Step.values());
    assertThat(left).noneMatch(ProcessHandle::isAlive);
    assertThat(sleepers()).isEmpty();
  }
}
