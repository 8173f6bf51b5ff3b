package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.decide.ProbeTracker;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.spec.Durations;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.runtime.local.internal.probe.ProbeRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * The health probes of a replica's current process: the first after the check's initial delay, then
 * every interval, each result recorded in the run's {@link ProbeTracker}, which says when the
 * replica is ready and when it must be restarted (liveness failed, or never ready within the
 * startup timeout). Runs on the supervisor thread; a result of an earlier process, or one that
 * arrives while the process is being stopped, is ignored ({@code live} returns {@code null}).
 */
final class Probing {
  private final SupervisorPorts p;
  private final ReplicaSpec spec;
  private final StatusBoard board;
  private final IntFunction<ProcessRun> live;
  private final BiConsumer<String, String> restart;

  /** What the current run is probed with: the spec's check, an exec one as the spec's user. */
  private HealthCheck check;

  /**
   * @param live the current run if it has sequence number {@code seq} and is not being stopped
   * @param restart stops the run for a restart, with a reason and a message
   */
  Probing(
      SupervisorPorts p,
      ReplicaSpec spec,
      StatusBoard board,
      IntFunction<ProcessRun> live,
      BiConsumer<String, String> restart) {
    this.p = p;
    this.spec = spec;
    this.board = board;
    this.live = live;
    this.restart = restart;
  }

  /** Starts probing {@code run} (ready at once when there is nothing to probe). */
  void begin(ProcessRun run, HealthCheck probe, Instant now) {
    check = probe;
    if (run.tracker.ready()) {
      board.ready = true;
      board.state = ReplicaState.RUNNING;
      return;
    }
    int s = run.seq;
    Duration first = Duration.between(now, run.tracker.firstProbeAt());
    run.probeTimer = p.scheduler().schedule(first, () -> due(s));
  }

  private void due(int s) {
    ProcessRun run = live.apply(s);
    if (run == null) {
      return;
    }
    run.probeTimer = null;
    ProbeRequest req = new ProbeRequest(check, run.port, spec.workingDir(), run.env);
    p.prober()
        .probe(req)
        .whenComplete((ok, err) -> p.scheduler().execute(() -> result(s, Boolean.TRUE.equals(ok))));
  }

  private void result(int s, boolean ok) {
    ProcessRun run = live.apply(s);
    if (run == null) {
      return;
    }
    Instant now = p.clock().instant();
    run.tracker = run.tracker.record(ok);
    board.ready = run.tracker.ready();
    if (run.tracker.everReady()) {
      board.state = ReplicaState.RUNNING;
    }
    if (run.tracker.verdict(now) == ProbeTracker.Verdict.RESTART) {
      HealthCheck c = spec.health();
      if (run.tracker.everReady()) {
        restart.accept(
            "LivenessFailed", "health check failed " + c.failureThreshold() + " times in a row");
      } else {
        restart.accept(
            "StartupTimeout",
            "not ready within " + Durations.format(c.startupTimeout()) + " of starting");
      }
      return;
    }
    board.publish(run);
    run.probeTimer =
        p.scheduler().schedule(run.tracker.nextProbeDelay(p.clock().instant()), () -> due(s));
  }
}
