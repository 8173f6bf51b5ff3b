package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.LaunchRequest;
import dev.berth.runtime.local.internal.proc.ProcessLauncher;
import dev.berth.runtime.local.internal.proc.RunningProcess;
import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Starts run on the launch pool, not on the supervisor thread: many replicas due together start
 * together, and a stop or a shutdown that arrives while a start is on its way still ends the
 * process it makes. Also the starts prepared ahead ({@link ReplicaRegistry#prepare}).
 */
class ConcurrentLaunchTest {
  private final Harness h = new Harness();

  /** Launches queued until the test runs them: a start "on its way" for as long as it likes. */
  static final class ManualExecutor implements Executor {
    final Deque<Runnable> queued = new ArrayDeque<>();

    @Override
    public void execute(Runnable r) {
      queued.add(r);
    }

    void runAll() {
      while (!queued.isEmpty()) {
        queued.poll().run();
      }
    }
  }

  /** A launcher whose every launch blocks until {@code n} launches are in it at the same time. */
  static final class MeetingLauncher implements ProcessLauncher {
    final CountDownLatch met;
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final AtomicInteger pids = new AtomicInteger(5000);

    MeetingLauncher(int n) {
      met = new CountDownLatch(n);
    }

    @Override
    public RunningProcess launch(LaunchRequest request) {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      met.countDown();
      try {
        met.await(2, TimeUnit.SECONDS); // a serial start would wait here alone, then time out
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inside.decrementAndGet();
      return new Fakes.FakeProcess(pids.incrementAndGet());
    }

    @Override
    public Optional<RunningProcess> adopt(Incarnation inc) {
      return Optional.empty();
    }
  }

  @Test
  void runsDueTogetherStartTogetherOnTheLaunchPool() throws Exception {
    int n = 6;
    MeetingLauncher launcher = new MeetingLauncher(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      SupervisorPorts ports = h.ports();
      ports =
          new SupervisorPorts(
              ports.clock(),
              ports.scheduler(),
              pool,
              launcher,
              ports.signaller(),
              ports.prober(),
              new SyncCgroups(),
              ports.ports(),
              new SyncLogs(),
              ports.backoff(),
              ports.tuning(),
              ports.parentEnv(),
              ports.installation(),
              ports.accounts(),
              ports.sink());
      List<ReplicaSupervisor> sups = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ReplicaSupervisor s = new ReplicaSupervisor(Harness.cron("nightly-r" + i + "-1"), ports);
        sups.add(s);
        h.scheduler.execute(s::begin);
      }
      h.scheduler.runDue(); // the supervisor thread only hands the starts over: it never blocks

      assertThat(launcher.met.await(10, TimeUnit.SECONDS))
          .as("all %d starts were in the launcher at the same time", n)
          .isTrue();
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      h.scheduler.runDue(); // their outcomes come back to the supervisor thread
      assertThat(launcher.most.get()).isEqualTo(n);
      assertThat(sups).allMatch(s -> s.state() == ReplicaState.RUNNING);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStopWhileTheStartIsOnItsWayStopsTheNewProcessAtOnce() {
    ManualExecutor launches = new ManualExecutor();
    h.launches = launches;
    ReplicaSupervisor s = h.start(Harness.worker("worker-a1"));
    assertThat(s.state()).isEqualTo(ReplicaState.PENDING);

    s.stop(Duration.ofSeconds(3));
    assertThat(s.state()).isEqualTo(ReplicaState.TERMINATING);
    assertThat(s.terminated()).isNotDone(); // a process is about to exist: not over yet

    launches.runAll();
    h.scheduler.runDue();
    long pid = h.launcher.last().pid();
    assertThat(h.signaller.sent).containsExactly(new Fakes.Sent(pid, Signal.TERM));
    h.launcher.last().exits(143);
    h.scheduler.runDue();
    assertThat(s.terminated()).isDone();
    assertThat(h.statuses).noneMatch(st -> st.state() == ReplicaState.RUNNING);
  }

  @Test
  void aShutdownWhileAStartIsOnItsWayGetsItsGroupOnceItExists() {
    ManualExecutor launches = new ManualExecutor();
    h.launches = launches;
    ReplicaRegistry registry =
        new ReplicaRegistry(h.ports(), Duration.ofMinutes(10), t -> java.util.Map.of(), r -> {});
    registry.ensure(Harness.worker("worker-a1"));
    h.scheduler.runDue();

    CompletableFuture<List<ShutdownTarget>> targets = registry.beginShutdown(Duration.ofSeconds(2));
    h.scheduler.runDue();
    assertThat(targets).isNotDone();

    launches.runAll();
    h.scheduler.runDue();
    assertThat(targets.join())
        .extracting(ShutdownTarget::pgid)
        .containsExactly(h.launcher.last().pid());
    assertThat(h.signaller.sent).isEmpty(); // the ShutdownStopper signals, not the supervisor
  }

  @Test
  void aPreparedStartOnlyLaunchesAtItsTime() {
    ManualExecutor launches = new ManualExecutor();
    h.launches = launches;
    ReplicaRegistry registry =
        new ReplicaRegistry(h.ports(), Duration.ofMinutes(10), t -> java.util.Map.of(), r -> {});
    var spec = Harness.cron("nightly-20260101t000100z-1");
    registry.prepare(spec);
    h.scheduler.runDue();
    launches.runAll();
    assertThat(h.logs.watched).containsExactly(spec.id()); // drained before the process exists
    assertThat(h.cgroups.created).hasSize(1);
    assertThat(h.launcher.launched).isEmpty();

    registry.ensure(spec);
    h.scheduler.runDue();
    launches.runAll();
    h.scheduler.runDue();
    assertThat(h.launcher.launched).hasSize(1);
    assertThat(h.cgroups.created).as("the prepared cgroup, not a second one").hasSize(1);
    assertThat(h.cgroups.last().released).isFalse();
    h.scheduler.advance(ReplicaRegistry.PREPARED_TTL.plusMinutes(1));
    assertThat(h.cgroups.last().released).as("claimed: never expired").isFalse();
  }

  @Test
  void aPreparationWhoseStartNeverComesIsReleased() {
    ManualExecutor launches = new ManualExecutor();
    h.launches = launches;
    ReplicaRegistry registry =
        new ReplicaRegistry(h.ports(), Duration.ofMinutes(10), t -> java.util.Map.of(), r -> {});
    var spec = Harness.cron("nightly-20260101t000100z-1");
    registry.prepare(spec);
    h.scheduler.runDue();
    launches.runAll();

    h.scheduler.advance(ReplicaRegistry.PREPARED_TTL);
    assertThat(h.cgroups.last().released).isTrue();
    assertThat(h.logs.watched).isEmpty();
    registry.ensure(spec); // late after all: prepared anew, as any start
    h.scheduler.runDue();
    launches.runAll();
    h.scheduler.runDue();
    assertThat(h.cgroups.created).hasSize(2);
    assertThat(registry.list()).extracting(ReplicaStatus::state).contains(ReplicaState.RUNNING);
  }

  /** Cgroups safe to create from several launch threads. */
  static final class SyncCgroups extends Fakes.FakeCgroups {
    @Override
    public synchronized Optional<dev.berth.runtime.local.internal.cgroup.CgroupHandle> create(
        String replicaId, dev.berth.core.model.Resources resources) {
      return super.create(replicaId, resources);
    }
  }

  /** Logs safe to prepare and watch from several launch threads. */
  static final class SyncLogs extends Fakes.FakeLogs {
    @Override
    public synchronized void watch(String replicaId) {
      super.watch(replicaId);
    }

    @Override
    public synchronized void unwatch(String replicaId) {
      super.unwatch(replicaId);
    }
  }
}
