package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.decide.CrashLoopBackoff;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A supervisor wired to fakes, a manual scheduler and a clock that moves only when told. */
final class Harness {
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  static final Duration STARTUP = Duration.ofSeconds(30);

  final MutableClock clock = MutableClock.atEpoch2026();
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final Fakes.FakeLauncher launcher = new Fakes.FakeLauncher();
  final Fakes.FakeSignaller signaller = new Fakes.FakeSignaller();
  final Fakes.FakeProber prober = new Fakes.FakeProber();
  final Fakes.FakeCgroups cgroups = new Fakes.FakeCgroups();
  final Fakes.FakeLogs logs = new Fakes.FakeLogs();
  final Fakes.CountingPorts ports = new Fakes.CountingPorts();
  final List<ReplicaStatus> statuses = new ArrayList<>();

  /** Where starts run: on the test's thread by default; a pool in tests of concurrent starts. */
  java.util.concurrent.Executor launches = Runnable::run;

  final CrashLoopBackoff backoff =
      new CrashLoopBackoff(Duration.ofSeconds(1), Duration.ofSeconds(16), Duration.ofSeconds(60));
  final Map<String, String> parentEnv =
      Map.of(
          "HOME", "/root",
          "BERTH_TOKEN", "secret-token",
          "BERTH_URL", "http://x",
          "PORT", "1",
          "XDG_CONFIG_HOME", "/root/.config",
          "TMPDIR", "/tmp");

  /** A machine where the control plane is root and knows the user {@code app} (uid 1001). */
  final FakeAccounts accounts = new FakeAccounts();

  static final class FakeAccounts implements Accounts {
    boolean root = true;
    String setpriv = "/usr/bin/setpriv";
    final Map<String, Account> users =
        new java.util.HashMap<>(
            Map.of("app", new Account("app", 1001, 1002, Path.of("/home/app"))));

    @Override
    public java.util.Optional<Account> find(String name) {
      return java.util.Optional.ofNullable(users.get(name));
    }

    @Override
    public boolean root() {
      return root;
    }

    @Override
    public java.util.Optional<String> setpriv() {
      return java.util.Optional.ofNullable(setpriv);
    }
  }

  /** The data directory's private replica directories, in a fresh temporary directory. */
  final Installation installation = Installation.of(tempDataDir());

  private static Path tempDataDir() {
    try {
      Path d = java.nio.file.Files.createTempDirectory("berth-harness");
      d.toFile().deleteOnExit();
      return d;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  SupervisorPorts ports() {
    return new SupervisorPorts(
        clock,
        scheduler,
        launches,
        launcher,
        signaller,
        prober,
        cgroups,
        ports,
        logs,
        backoff,
        Tuning.DEFAULT,
        parentEnv,
        installation,
        accounts,
        statuses::add);
  }

  ReplicaSupervisor start(ReplicaSpec spec) {
    ReplicaSupervisor s = new ReplicaSupervisor(spec, ports());
    scheduler.execute(s::begin);
    scheduler.runDue();
    return s;
  }

  ReplicaStatus last() {
    return statuses.get(statuses.size() - 1);
  }

  static HealthCheck http(boolean liveness) {
    return new HealthCheck(
        HealthCheck.Kind.HTTP,
        "/health",
        PROBE_INTERVAL,
        PROBE_TIMEOUT,
        3,
        Duration.ZERO,
        STARTUP,
        liveness);
  }

  static ReplicaSpec spec(String id, ServiceType type, HealthCheck health, Resources r) {
    return new ReplicaSpec(
        id,
        "shop",
        "production",
        type == ServiceType.WEB ? "web" : type == ServiceType.CRON ? "nightly" : "worker",
        type,
        "run-app",
        Path.of("/srv/app"),
        Map.of("LOG_LEVEL", "info"),
        8080,
        r,
        health,
        "v3",
        "h1",
        null,
        "");
  }

  static ReplicaSpec worker(String id) {
    return spec(
        id, ServiceType.WORKER, HealthCheck.of(HealthCheck.Kind.NONE, ""), Resources.DEFAULT);
  }

  static ReplicaSpec cron(String id) {
    return spec(id, ServiceType.CRON, HealthCheck.of(HealthCheck.Kind.NONE, ""), Resources.DEFAULT);
  }

  static ReplicaSpec web(String id, HealthCheck h) {
    return spec(id, ServiceType.WEB, h, Resources.DEFAULT);
  }
}
