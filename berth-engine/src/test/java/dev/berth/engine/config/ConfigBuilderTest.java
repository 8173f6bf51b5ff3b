package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.store.EnvironmentKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigBuilderTest {
  private final List<BuildRequest> seen = new ArrayList<>();

  private BuildRequest run(String id, Map<EnvironmentKey, Map<String, String>> config) {
    ConfigBuilder b =
        new ConfigBuilder(
            (request, out) -> {
              seen.add(request);
              return null;
            },
            env -> config.getOrDefault(env, Map.of()));
    BuildResult ignored =
        b.build(
            new BuildRequest(
                id,
                "sha256:" + "a".repeat(64),
                "make",
                Duration.ofMinutes(1),
                Map.of("X", "spec"),
                1024),
            line -> {});
    return seen.get(seen.size() - 1);
  }

  @Test
  void theBuildGetsItsEnvironmentsVarsOverItsOwn() {
    BuildRequest r =
        run(
            "my-shop-pr-42-1764763200000",
            Map.of(
                new EnvironmentKey("my-shop", "pr-42"), Map.of("TOKEN", "t0k3n", "X", "config")));
    assertThat(r.env()).containsEntry("TOKEN", "t0k3n").containsEntry("X", "config");
  }

  @Test
  void anEnvironmentWithoutConfigBuildsAsBefore() {
    BuildRequest r = run("shop-production-1764763200000", Map.of());
    assertThat(r.env()).containsExactly(Map.entry("X", "spec"));
  }
}
