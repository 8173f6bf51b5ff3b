package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.release.ReleaseCommands;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseCommandStatus;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release phase: a release's {@code release.command} runs once before any of its replicas
 * starts; when it fails, the release fails and nothing else changes.
 */
class ReleaseCommandScenarioTest {
  static final String V1 = ReleaseScenarios.V1;
  static final String WITH_MIGRATION =
      ReleaseScenarios.V2
          + """
          release:
            command: ./migrate --up
            timeout: 5m
          """;

  @TempDir Path app;
  MutableClock clock;
  FakeRuntime runtime;
  InMemoryStore store;
  EngineHarness h;
  final EnvironmentKey env = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    clock = MutableClock.atEpoch2026();
    runtime = new FakeRuntime(clock);
    store = new InMemoryStore();
    h = new EngineHarness(clock, store, runtime);
  }

  ReleaseRecord release(long v) {
    return h.store.read(tx -> tx.releases().get(env, v)).orElseThrow();
  }

  List<String> ensured() {
    return runtime.calls().stream().filter(c -> c.startsWith("ensure")).toList();
  }

  void liveV1() {
    h.apply(V1, app, "production");
    h.readyAll();
    assertThat(release(1).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(release(1).phase()).isEqualTo(ReleaseCommandStatus.NONE);
  }

  @Test
  void theCommandRunsOnceBeforeAnyNewReplicaThenTheReleaseRollsOut() {
    liveV1();
    List<String> before = ensured();

    h.apply(WITH_MIGRATION, app, "production");

    assertThat(release(2).phase()).isEqualTo(ReleaseCommandStatus.RUNNING);
    assertThat(ensured()).as("no replica of v2 before the command succeeded").isEqualTo(before);
    ReleaseCommands.Run run = h.releaseCommands.started().get(0);
    assertThat(run.command()).isEqualTo("./migrate --up");
    assertThat(run.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(run.variables()).containsEntry("BERTH_RELEASE", "v2");
    // waiting for a long command does not count against the rollout's deadline
    h.advance(h.progressDeadline.plusMinutes(1));
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.DEPLOYING);

    h.releaseCommands.succeed(env, 2);
    h.runUntilIdle();
    assertThat(release(2).phase()).isEqualTo(ReleaseCommandStatus.SUCCEEDED);
    assertThat(ensured().size()).isGreaterThan(before.size());
    h.readyAll();
    h.finishStops();
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(h.releaseCommands.started()).hasSize(1);
    assertThat(h.eventTypes()).contains("ReleaseCommandStarted", "ReleaseCommandSucceeded");
  }

  @Test
  void aFailingCommandFailsTheReleaseAndNothingElseChanges() {
    liveV1();
    List<String> running = runtime.ids(ReplicaState.RUNNING);
    List<String> before = ensured();
    h.apply(WITH_MIGRATION, app, "production");

    h.releaseCommands.fail(env, 2, "exited with status 3", "connecting", "boom: no such table");
    h.runUntilIdle();

    ReleaseRecord v2 = release(2);
    assertThat(v2.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(v2.phase()).isEqualTo(ReleaseCommandStatus.FAILED);
    assertThat(v2.reason())
        .contains(
            "release command exited with status 3", "boom: no such table", "rolled back to v1");
    assertThat(ensured()).isEqualTo(before);
    assertThat(runtime.ids(ReplicaState.RUNNING)).isEqualTo(running);
    assertThat(release(1).status()).isEqualTo(ReleaseStatus.LIVE);
  }

  @Test
  void aFirstReleaseWhoseCommandFailsStartsNothing() {
    h.apply(WITH_MIGRATION, app, "production");
    h.releaseCommands.fail(env, 1, "did not finish within 5m (release.timeout) and was stopped");
    h.runUntilIdle();

    assertThat(release(1).status()).isEqualTo(ReleaseStatus.FAILED);
    assertThat(release(1).reason()).contains("release.timeout");
    assertThat(ensured()).isEmpty();
  }

  @Test
  void aCommandInterruptedByARestartIsNotRunTwiceAndFailsTheRelease() {
    liveV1();
    h.apply(WITH_MIGRATION, app, "production");
    assertThat(release(2).phase()).isEqualTo(ReleaseCommandStatus.RUNNING);

    EngineHarness restarted = new EngineHarness(clock, store, runtime);
    restarted.code.uploaded(
        h.code.digest(app, "berth.yaml"), app); // the code is on disk after a restart
    restarted.recover();
    restarted.runUntilIdle();

    assertThat(release(2).status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(release(2).reason()).contains("interrupted by a restart", "not run twice");
    assertThat(restarted.releaseCommands.started()).isEmpty();
  }
}
