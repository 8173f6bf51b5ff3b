package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.ArtifactRetention;
import dev.berth.engine.release.ArtifactJanitor;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Old artifacts are deleted, but never the live release's, the rollback target's, or one another
 * environment still keeps.
 */
class ArtifactJanitorScenarioTest {
  static final String SPEC =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web
      """;

  @TempDir Path tmp;

  @Test
  void keepsTheRecentTheLiveAndTheRollbackTargetAndDeletesTheRest() throws Exception {
    MutableClock clock = MutableClock.atEpoch2026();
    EngineHarness h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    EnvironmentKey prod = new EnvironmentKey("shop", "production");
    // six releases, each of different code (another directory packed)
    for (int i = 1; i <= 6; i++) {
      Path code = Files.createDirectories(tmp.resolve("code-" + i));
      h.apply(SPEC.replace("./web", "./web " + i), code, "production");
      h.readyAll();
      h.finishStops();
      clock.advance(Duration.ofMinutes(1));
    }
    String[] digest = new String[7];
    for (int i = 1; i <= 6; i++) {
      long v = i;
      digest[i] =
          h.store
              .read(tx -> tx.releases().get(prod, v))
              .map(ReleaseRecord::source)
              .orElseThrow()
              .artifact();
    }

    Set<String> deleted =
        new ArtifactJanitor(h.store, h.code, new ArtifactRetention(2), clock).sweep();

    // v6 live and newest, v5 the rollback target (the release live before it) and among the 2
    // most recent; v1 to v4 go
    assertThat(deleted).containsExactlyInAnyOrder(digest[1], digest[2], digest[3], digest[4]);
    assertThat(h.code.exists(digest[6])).isTrue();
    assertThat(h.code.exists(digest[5])).isTrue();
    assertThat(h.code.exists(digest[1])).isFalse();
    assertThat(new ArtifactJanitor(h.store, h.code, new ArtifactRetention(2), clock).sweep())
        .isEmpty();
  }

  @Test
  void anArtifactNoReleaseNamesGoesAfterAnHourUnused() throws Exception {
    MutableClock clock = MutableClock.atEpoch2026();
    EngineHarness h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    ArtifactJanitor janitor = new ArtifactJanitor(h.store, h.code, new ArtifactRetention(2), clock);
    String upload = "sha256:" + "a".repeat(64);
    h.code.uploaded(upload, Files.createDirectories(tmp.resolve("never-applied")));
    Path code = Files.createDirectories(tmp.resolve("staging-code"));
    h.apply(SPEC, code, "staging");
    h.readyAll();
    String staged =
        h.store
            .read(tx -> tx.releases().get(new EnvironmentKey("shop", "staging"), 1))
            .orElseThrow()
            .source()
            .artifact();

    clock.advance(ArtifactJanitor.UNUSED_GRACE.minusMinutes(1));
    assertThat(janitor.sweep()).as("used less than an hour ago").isEmpty();

    h.destroy.destroy(EngineHarness.ACTOR, new EnvironmentKey("shop", "staging"));
    h.runUntilIdle();
    h.finishStops();
    clock.advance(Duration.ofMinutes(2));

    assertThat(janitor.sweep()).containsExactlyInAnyOrder(upload, staged);
    assertThat(h.code.exists(upload)).isFalse();
    assertThat(h.code.exists(staged)).isFalse();
  }
}
