package dev.berth.runtime.local;

import dev.berth.core.decide.CrashLoopBackoff;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.RuntimeWiring;
import dev.berth.runtime.local.internal.supervise.Tuning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** A real {@link LocalRuntime} with short timings, a data dir and a work dir, for the ITs. */
final class RuntimeFixture implements AutoCloseable {
  static final CrashLoopBackoff FAST_BACKOFF =
      new CrashLoopBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30));
  static final Tuning TUNING =
      Tuning.DEFAULT
          .withUsageInterval(Duration.ofMillis(300))
          .withRestartGrace(Duration.ofMillis(300));

  final Path dataDir;
  final Path workDir;
  final LocalRuntimeConfig config;
  final LocalRuntime runtime;
  final List<ReplicaStatus> statuses = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> controlPlaneEnv;

  RuntimeFixture(Path tmp, UnaryOperator<LocalRuntimeConfig> tweak) {
    this(tmp, tweak, Map.of());
  }

  /**
   * @param controlPlaneEnv variables added to the control plane's environment (e.g. a {@code HOME}
   *     holding a client config)
   */
  RuntimeFixture(
      Path tmp, UnaryOperator<LocalRuntimeConfig> tweak, Map<String, String> controlPlaneEnv) {
    this.controlPlaneEnv = Map.copyOf(controlPlaneEnv);
    this.dataDir = tmp.resolve("data");
    this.workDir = tmp.resolve("app");
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.config = tweak.apply(LocalRuntimeConfig.defaults(dataDir).withBackoff(FAST_BACKOFF));
    this.runtime = open(config);
  }

  RuntimeFixture(Path tmp) {
    this(tmp, c -> c);
  }

  /** A runtime whose control-plane environment holds a token replicas must not see. */
  LocalRuntime open(LocalRuntimeConfig c) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("BERTH_TOKEN", "control-plane-secret");
    env.putAll(controlPlaneEnv);
    LocalRuntime rt =
        new LocalRuntime(c, Clock.systemUTC(), RuntimeWiring.real(c.useCgroups(), TUNING, env));
    rt.watch(statuses::add);
    return rt;
  }

  ReplicaSpec spec(String id, ServiceType type, String command, HealthCheck health) {
    return spec(id, type, command, health, Resources.DEFAULT);
  }

  ReplicaSpec spec(String id, ServiceType type, String command, HealthCheck health, Resources r) {
    return new ReplicaSpec(
        id,
        "shop",
        "test",
        type.wireName(),
        type,
        command,
        workDir,
        Map.of("MY_VAR", "mine"),
        8080,
        r,
        health,
        "v1",
        "h",
        null,
        "");
  }

  ReplicaSpec worker(String id, String command) {
    return spec(id, ServiceType.WORKER, command, HealthCheck.of(HealthCheck.Kind.NONE, ""));
  }

  static HealthCheck check(
      HealthCheck.Kind kind, String target, Duration timeout, Duration startup) {
    return new HealthCheck(
        kind, target, Duration.ofMillis(500), timeout, 3, Duration.ZERO, startup, true);
  }

  ReplicaStatus await(String id, Predicate<ReplicaStatus> p, Duration atMost) {
    return await(runtime, id, p, atMost);
  }

  ReplicaStatus await(LocalRuntime rt, String id, Predicate<ReplicaStatus> p, Duration atMost) {
    return org.awaitility.Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> find(rt, id).filter(p), Optional::isPresent)
        .get();
  }

  static Optional<ReplicaStatus> find(LocalRuntime rt, String id) {
    return rt.list().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  List<ReplicaStatus> history(String id) {
    synchronized (statuses) {
      return statuses.stream().filter(s -> s.id().equals(id)).toList();
    }
  }

  List<String> logText(String id) {
    return runtime.read(new LogQuery(List.of(id), null, null, 10_000)).lines().stream()
        .map(LogLine::text)
        .toList();
  }

  @Override
  public void close() {
    try {
      runtime.stopAll(Duration.ofMillis(200));
    } catch (IllegalStateException closed) {
      // a test closed it already; its replicas were stopped by the test
    }
    runtime.close();
  }
}
