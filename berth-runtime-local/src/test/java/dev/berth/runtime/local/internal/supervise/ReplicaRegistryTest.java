package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReplicaRegistryTest {
  private final Harness h = new Harness();
  private final List<ReplicaStatus> seen = new ArrayList<>();
  private final Map<String, Usage> usage = new java.util.HashMap<>();
  private final ReplicaRegistry registry =
      new ReplicaRegistry(h.ports(), Duration.ofMinutes(10), targets -> usage, Runnable::run);

  {
    registry.watch(seen::add);
  }

  @Test
  void ensureIsIdempotentAndReturnsBeforeAnythingRuns() {
    registry.ensure(Harness.worker("worker-a1"));
    registry.ensure(Harness.worker("worker-a1"));
    assertThat(h.launcher.launched).isEmpty(); // queued, not run on the caller's thread
    h.scheduler.runDue();
    assertThat(h.launcher.launched).hasSize(1);
    assertThat(registry.list()).extracting(ReplicaStatus::id).containsExactly("worker-a1");
  }

  @Test
  void watchersSeeEveryChangeInOrder() {
    registry.ensure(Harness.worker("worker-a1"));
    h.scheduler.runDue();
    h.launcher.last().exits(1);
    h.scheduler.runDue();
    registry.stop("worker-a1", null, Duration.ofSeconds(1));
    h.scheduler.runDue();
    h.launcher.last().exits(143);
    h.scheduler.runDue();

    assertThat(seen)
        .extracting(ReplicaStatus::state)
        .containsExactly(
            ReplicaState.RUNNING,
            ReplicaState.BACKOFF,
            ReplicaState.RUNNING,
            ReplicaState.TERMINATING,
            ReplicaState.TERMINATED);
    assertThat(registry.list()).containsExactly(seen.get(seen.size() - 1));
  }

  @Test
  void stopOfAnUnknownReplicaWithNothingRunningReportsTerminated() {
    registry.stop("web-gone", null, Duration.ofSeconds(1));
    h.scheduler.runDue();
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).id()).isEqualTo("web-gone");
    assertThat(seen.get(0).state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.signaller.sent).isEmpty();
  }

  @Test
  void terminatedReplicasAreListedForTheRetentionThenDropped() {
    registry.stop("web-gone", null, Duration.ofSeconds(1));
    h.scheduler.runDue();
    h.scheduler.advance(Duration.ofMinutes(9));
    assertThat(registry.list()).hasSize(1);
    h.scheduler.advance(Duration.ofMinutes(1));
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void aTerminatedReplicaEnsuredAgainStartsAgainAndIsNotPurged() {
    registry.ensure(Harness.worker("worker-a1"));
    h.scheduler.runDue();
    registry.stop("worker-a1", null, Duration.ofSeconds(1));
    h.scheduler.runDue();
    h.launcher.last().exits(0);
    h.scheduler.runDue();
    registry.ensure(Harness.worker("worker-a1"));
    h.scheduler.runDue();
    h.scheduler.advance(Duration.ofMinutes(11));

    assertThat(h.launcher.launched).hasSize(2);
    assertThat(registry.list())
        .extracting(ReplicaStatus::state)
        .containsExactly(ReplicaState.RUNNING);
  }

  @Test
  void shutdownHandsOverEveryRunningGroupWithoutSignallingThemOneByOne() {
    registry.ensure(Harness.worker("worker-a1"));
    registry.ensure(Harness.worker("worker-a2"));
    h.scheduler.runDue();
    List<Long> pids = h.launcher.processes.stream().map(Fakes.FakeProcess::pid).toList();

    CompletableFuture<List<ShutdownTarget>> targets = registry.beginShutdown(Duration.ofSeconds(2));
    h.scheduler.runDue();

    assertThat(targets.join())
        .extracting(ShutdownTarget::pgid)
        .containsExactlyInAnyOrderElementsOf(pids);
    assertThat(h.signaller.sent).isEmpty(); // the ShutdownStopper signals them, all at once
    assertThat(registry.list()).allMatch(s -> s.state() == ReplicaState.TERMINATING);
    h.scheduler.advance(Duration.ofMinutes(1));
    assertThat(h.signaller.sent).as("no per-replica SIGKILL timer").isEmpty();

    h.signaller.aliveGroups.addAll(pids); // the stopper watches the groups, not the supervisor
    h.launcher.processes.forEach(p -> p.exits(143));
    h.scheduler.runDue();
    assertThat(registry.list()).allMatch(s -> s.state() == ReplicaState.TERMINATED);
    assertThat(h.signaller.sent).as("no per-replica SIGKILL after the exit").isEmpty();
  }

  @Test
  void nothingStartsOnceTheShutdownBegan() {
    registry.beginShutdown(Duration.ofSeconds(2));
    registry.ensure(Harness.worker("worker-late"));
    h.scheduler.runDue();
    assertThat(h.launcher.launched).isEmpty();
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void aReplicaInBackoffEndsAtOnceOnShutdown() {
    registry.ensure(Harness.worker("worker-a1"));
    h.scheduler.runDue();
    h.launcher.last().exits(1);
    h.scheduler.runDue();
    h.launcher.last().exits(1);
    h.scheduler.runDue(); // the second crash waits in back-off
    assertThat(registry.list().get(0).state()).isEqualTo(ReplicaState.BACKOFF);

    CompletableFuture<List<ShutdownTarget>> targets = registry.beginShutdown(Duration.ofSeconds(2));
    h.scheduler.runDue();
    assertThat(targets.join()).isEmpty();
    assertThat(registry.list().get(0).state()).isEqualTo(ReplicaState.TERMINATED);
    int launched = h.launcher.launched.size();
    h.scheduler.advance(Duration.ofMinutes(5));
    assertThat(h.launcher.launched).hasSize(launched);
  }

  @Test
  void usageSamplesReachTheReplicas() {
    registry.ensure(Harness.worker("worker-a1"));
    h.scheduler.runDue();
    usage.put("worker-a1", new Usage(0, 12345));
    registry.sampleUsage();
    h.scheduler.runDue();
    assertThat(registry.list().get(0).memoryBytes()).isEqualTo(12345);
  }
}
