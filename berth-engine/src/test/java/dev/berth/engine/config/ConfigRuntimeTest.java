package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.EnvironmentKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ConfigRuntimeTest {
  static final class Recording implements Runtime {
    final List<ReplicaSpec> ensured = new ArrayList<>();

    @Override
    public void ensure(ReplicaSpec spec) {
      ensured.add(spec);
    }

    @Override
    public void stop(String replicaId, Incarnation lastKnown, Duration grace) {}

    @Override
    public List<ReplicaStatus> list() {
      return List.of();
    }

    @Override
    public List<Leftover> leftovers() {
      return List.of();
    }

    @Override
    public List<NodeCapacity> nodes() {
      return List.of();
    }

    @Override
    public void watch(Consumer<ReplicaStatus> listener) {}
  }

  static ReplicaSpec spec(String project, String env, Map<String, String> vars) {
    return new ReplicaSpec(
        "web-1",
        project,
        env,
        "web",
        ServiceType.WORKER,
        "run",
        Path.of("/tmp"),
        vars,
        0,
        Resources.DEFAULT,
        HealthCheck.defaultFor(ServiceType.WORKER),
        "v1",
        "abc",
        null,
        "");
  }

  @Test
  void configVarsOverrideTheSpecsEnvAndOnlyInTheirEnvironment() {
    Recording inner = new Recording();
    EnvironmentKey prod = new EnvironmentKey("shop", "production");
    ConfigRuntime rt =
        new ConfigRuntime(
            inner,
            env -> env.equals(prod) ? Map.of("LOG_LEVEL", "debug", "TOKEN", "t0k3n") : Map.of());

    rt.ensure(spec("shop", "production", Map.of("LOG_LEVEL", "info", "KEEP", "1")));
    rt.ensure(spec("shop", "staging", Map.of("LOG_LEVEL", "info")));

    assertThat(inner.ensured.get(0).env())
        .containsEntry("LOG_LEVEL", "debug")
        .containsEntry("TOKEN", "t0k3n")
        .containsEntry("KEEP", "1");
    assertThat(inner.ensured.get(0).templateHash()).isEqualTo("abc");
    assertThat(inner.ensured.get(1).env()).containsExactly(Map.entry("LOG_LEVEL", "info"));
  }
}
