package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.decide.ProbeTracker;
import dev.berth.core.model.HealthCheck;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.runtime.local.internal.cgroup.CgroupHandle;
import dev.berth.runtime.local.internal.proc.RunningProcess;
import java.time.Instant;
import java.util.Map;

/**
 * One run of a replica: one process from start (or adoption) to exit. Mutable, touched only on the
 * supervisor thread. {@code seq} tags callbacks (exit, probe results, usage) so that a late
 * callback of an earlier run is recognised and ignored.
 */
final class ProcessRun {
  final int seq;
  final RunningProcess process;
  final CgroupHandle cgroup;
  final int port;
  final Instant startedAt;
  final boolean adopted;
  final long logStart;
  final long oomBaseline;
  final Map<String, String> env;
  ProbeTracker tracker;
  Scheduler.Cancellable probeTimer;
  Scheduler.Cancellable killTimer;
  String killReason;
  String killMessage;

  /** The leader exited during a stop while others of its group still run: wait for them. */
  boolean draining;

  /**
   * Stopped by the runtime's shutdown: the {@link ShutdownStopper} watches the whole group and
   * kills what is left of it, so the supervisor neither waits for the group nor signals it on exit.
   */
  boolean shutdown;

  Integer leaderExitCode;
  Scheduler.Cancellable drainTimer;
  long lastCpuNanos = -1;
  Instant lastSampleAt;

  ProcessRun(
      int seq,
      RunningProcess process,
      CgroupHandle cgroup,
      int port,
      Instant startedAt,
      boolean adopted,
      long logStart,
      Map<String, String> env,
      ProbeTracker tracker) {
    this.seq = seq;
    this.process = process;
    this.cgroup = cgroup;
    this.port = port;
    this.startedAt = startedAt;
    this.adopted = adopted;
    this.logStart = logStart;
    this.oomBaseline = cgroup == null ? 0 : cgroup.oomKills();
    this.env = env;
    this.tracker = tracker;
  }

  /**
   * The run of a process just started (or adopted), probed with {@code health} from {@code now}.
   */
  static ProcessRun of(
      int seq, RunStarter.Started st, boolean adopted, Instant now, HealthCheck health) {
    RunningProcess proc = st.process();
    Instant startedAt = adopted && proc.startedAt() != null ? proc.startedAt() : now;
    return new ProcessRun(
        seq,
        proc,
        st.cgroup(),
        st.port(),
        startedAt,
        adopted,
        st.logStart(),
        st.env(),
        ProbeTracker.start(health, now));
  }

  Incarnation incarnation() {
    return new Incarnation(process.pid(), process.startTicks(), port);
  }

  void cancelTimers() {
    if (probeTimer != null) {
      probeTimer.cancel();
      probeTimer = null;
    }
    if (killTimer != null) {
      killTimer.cancel();
      killTimer = null;
    }
    if (drainTimer != null) {
      drainTimer.cancel();
      drainTimer = null;
    }
  }
}
