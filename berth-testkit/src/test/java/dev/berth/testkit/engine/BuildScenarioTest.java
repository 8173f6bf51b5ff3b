package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.store.EnvironmentKey;
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
 * {@code build.command} runs on the packed code before a release; a failed build deploys nothing.
 */
class BuildScenarioTest {
  static final String SPEC =
      ReleaseScenarios.V1
          + """
          build:
            command: npm ci
            timeout: 5m
          """;

  @TempDir Path app;
  EngineHarness h;
  final EnvironmentKey env = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
  }

  @Test
  void theBuildRunsOnThePackedCodeAndItsOutputIsDeployed() {
    h.apply(SPEC, app, "production");
    h.readyAll();

    List<BuildRequest> builds = h.builder.requests();
    assertThat(builds).hasSize(1);
    assertThat(builds.get(0).command()).isEqualTo("npm ci");
    assertThat(builds.get(0).timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(builds.get(0).source()).isEqualTo(h.code.digest(app, "berth.yaml"));
    assertThat(h.store.read(tx -> tx.releases().get(env, 1)).orElseThrow().status())
        .isEqualTo(ReleaseStatus.LIVE);
  }

  @Test
  void aFailedBuildDeploysNothingAndSaysWhy() {
    h.builder.failNext(1, "npm ERR! missing script", "npm ERR! exit 1");

    assertThatThrownBy(() -> h.apply(SPEC, app, "production"))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("the build failed, nothing was deployed")
        .hasMessageContaining("exited with status 1")
        .hasMessageContaining("npm ERR! missing script");
    boolean stored = h.store.read(tx -> tx.environments().get(env).isPresent());
    int releases = h.store.read(tx -> tx.releases().list(env, 0).size());
    assertThat(stored).isFalse();
    assertThat(releases).isZero();
    assertThat(h.runtime.calls()).isEmpty();
  }
}
