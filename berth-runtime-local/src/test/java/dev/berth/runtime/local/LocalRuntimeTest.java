package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.RuntimeWiring;
import dev.berth.runtime.local.internal.proc.LeftoverScan;
import dev.berth.runtime.local.internal.proc.MachineFacts;
import dev.berth.runtime.local.internal.proc.Usage;
import dev.berth.runtime.local.internal.supervise.Fakes;
import dev.berth.runtime.local.internal.supervise.ManualScheduler;
import dev.berth.runtime.local.internal.supervise.Tuning;
import dev.berth.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public API over fake ports: no process, no real time. */
class LocalRuntimeTest {
  @TempDir Path dir;
  private final MutableClock clock = MutableClock.atEpoch2026();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final Fakes.FakeLauncher launcher = new Fakes.FakeLauncher();
  private final Fakes.FakeSignaller signaller = new Fakes.FakeSignaller();
  private final List<ReplicaStatus> seen = new ArrayList<>();

  private LocalRuntime runtime(long reservedCpu, long reservedMem) {
    LocalRuntimeConfig c =
        new LocalRuntimeConfig(
            dir,
            dev.berth.core.decide.CrashLoopBackoff.DEFAULT,
            Duration.ofMinutes(10),
            1 << 20,
            2,
            Duration.ofDays(7),
            reservedCpu,
            reservedMem,
            false);
    RuntimeWiring w =
        new RuntimeWiring(
            scheduler,
            null,
            Runnable::run,
            Runnable::run,
            launcher,
            signaller,
            r -> CompletableFuture.completedFuture(true),
            new Fakes.FakeCgroups(),
            prev -> prev + 1,
            targets -> Map.of("worker-1", new Usage(0, 4096)),
            new LeftoverScan(dir.resolve("no-proc"), 1),
            new dev.berth.runtime.local.internal.proc.SystemAccounts(),
            new MachineFacts(2000, 8L << 30),
            Tuning.DEFAULT,
            Map.of("BERTH_TOKEN", "t", "HOME", "/root"),
            List.of());
    LocalRuntime rt = new LocalRuntime(c, clock, w);
    rt.watch(seen::add);
    return rt;
  }

  private ReplicaSpec worker(String id) {
    return new ReplicaSpec(
        id,
        "shop",
        "prod",
        "worker",
        ServiceType.WORKER,
        "run",
        dir,
        Map.of(),
        0,
        Resources.DEFAULT,
        HealthCheck.of(HealthCheck.Kind.NONE, ""),
        "v1",
        "h",
        null,
        "");
  }

  @Test
  void ensureStopAndListThroughThePublicApi() {
    LocalRuntime rt = runtime(250, 512L << 20);
    rt.ensure(worker("worker-1"));
    rt.ensure(worker("worker-1"));
    scheduler.runDue();
    assertThat(launcher.launched).hasSize(1);
    assertThat(launcher.launched.get(0).env()).doesNotContainKey("BERTH_TOKEN");
    assertThat(rt.list()).extracting(ReplicaStatus::state).containsExactly(ReplicaState.RUNNING);

    scheduler.advance(Tuning.DEFAULT.usageInterval());
    assertThat(rt.list().get(0).memoryBytes()).isEqualTo(4096);

    rt.stop("worker-1", null, Duration.ofSeconds(1));
    scheduler.runDue();
    launcher.last().exits(143);
    scheduler.runDue();
    assertThat(rt.list()).extracting(ReplicaStatus::state).containsExactly(ReplicaState.TERMINATED);
    assertThat(seen)
        .extracting(ReplicaStatus::state)
        .containsExactly(
            ReplicaState.RUNNING,
            ReplicaState.RUNNING,
            ReplicaState.TERMINATING,
            ReplicaState.TERMINATED);
  }

  @Test
  void closeLeavesReplicasRunningAndRefusesNewWork() {
    LocalRuntime rt = runtime(250, 512L << 20);
    rt.ensure(worker("worker-1"));
    scheduler.runDue();
    rt.close();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(signaller.sent).isEmpty();
    assertThat(launcher.last().isAlive()).isTrue();
    assertThatThrownBy(() -> rt.ensure(worker("worker-2")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theNodeIsTheMachineMinusTheReserve() {
    NodeCapacity node = runtime(250, 512L << 20).nodes().get(0);
    assertThat(node)
        .isEqualTo(new NodeCapacity("local", 2000, 8L << 30, 1750, (8L << 30) - (512L << 20)));
    NodeCapacity tiny =
        LocalRuntime.capacity(new MachineFacts(1000, 256L << 20), LocalRuntimeConfig.defaults(dir));
    assertThat(tiny.allocatableCpuMillis()).isEqualTo(750);
    assertThat(tiny.allocatableMemoryBytes()).isZero();
  }

  @Test
  void defaultsAreDocumentedValues() {
    LocalRuntimeConfig c = LocalRuntimeConfig.defaults(dir);
    assertThat(c.logMaxBytes()).isEqualTo(10L << 20);
    assertThat(c.logMaxFiles()).isEqualTo(5);
    assertThat(c.logRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.terminatedRetention()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.useCgroups()).isTrue();
    assertThat(LocalRuntimeConfig.reserveCpu(2000)).isEqualTo(250);
    assertThat(LocalRuntimeConfig.reserveCpu(32000)).isEqualTo(3200);
    assertThat(LocalRuntimeConfig.reserveMemory(4L << 30)).isEqualTo(512L << 20);
    assertThat(LocalRuntimeConfig.reserveMemory(64L << 30)).isEqualTo((64L << 30) / 10);
    assertThatThrownBy(() -> c.withLogLimits(10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logMaxBytes");
  }
}
