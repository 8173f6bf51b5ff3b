package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.decide.ProbeTracker;
import dev.berth.core.model.HealthCheck;
import dev.berth.engine.runtime.ExitInfo;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.RestartPolicy;
import dev.berth.runtime.local.internal.cgroup.CgroupHandle;
import dev.berth.runtime.local.internal.probe.ProbeRequest;
import dev.berth.runtime.local.internal.proc.LaunchException;
import dev.berth.runtime.local.internal.proc.RunningProcess;
import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import dev.berth.runtime.local.internal.proc.Usage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one replica (see the README's diagram): start or adopt, probe, restart with
 * CrashLoopBackOff, stop gracefully. Every method runs on the supervisor thread; time comes from
 * the injected clock and every wait is a task scheduled with a delay decided by {@code
 * CrashLoopBackoff}, {@code ProbeTracker} or the stop's grace. Each change is published once, in
 * order, as a new {@link ReplicaStatus}.
 *
 * <p>Restart policy ({@link ReplicaSpec#restart()}): {@code ALWAYS} replicas (web, worker) restart
 * after any exit, exit 0 too, as Kubernetes' {@code Always}; {@code NEVER} replicas (cron runs) run
 * once and end TERMINATED with the exit in {@code lastExit}, their process group killed, as a Job's
 * pod with {@code restartPolicy: Never}. Retrying a failed run is the cron controller's decision,
 * not the supervisor's.
 */
public final class ReplicaSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSupervisor.class);
  private static final String NODE = "local";
  private static final int TAIL_LINES = 5;

  private final String id;
  private final ReplicaSpec spec;
  private final SupervisorPorts p;
  private final RunStarter starter;
  private final RunTermination termination;
  private final CompletableFuture<ReplicaStatus> terminated = new CompletableFuture<>();

  private ReplicaState state = ReplicaState.PENDING;
  private boolean ready;
  private int restarts;
  private int consecutiveCrashes;
  private boolean startedOnce;
  private boolean stopping;
  private ProcessRun run;

  /** What the current run is probed with: the spec's check, an exec one as the spec's user. */
  private HealthCheck probeCheck;

  private int seq;
  private int lastPort;
  private ExitInfo lastExit;
  private Instant nextStartAt;
  private String reason = "";
  private String message = "";
  private long cpuMillis = -1;
  private long memoryBytes = -1;
  private Scheduler.Cancellable backoffTimer;
  private ReplicaStatus published;

  public ReplicaSupervisor(ReplicaSpec spec, SupervisorPorts ports) {
    this(spec.id(), spec, ports);
  }

  private ReplicaSupervisor(String id, ReplicaSpec spec, SupervisorPorts ports) {
    this.id = id;
    this.spec = spec;
    this.p = ports;
    this.starter = new RunStarter(ports);
    this.termination = new RunTermination(ports);
  }

  /** A supervisor for a process left by a previous control plane, only to stop it. */
  public static ReplicaSupervisor leftover(String id, SupervisorPorts ports) {
    return new ReplicaSupervisor(id, null, ports);
  }

  public String id() {
    return id;
  }

  public ReplicaState state() {
    return state;
  }

  /** Completes with the final status once the replica is TERMINATED. */
  public CompletableFuture<ReplicaStatus> terminated() {
    return terminated;
  }

  public ReplicaStatus status() {
    return new ReplicaStatus(
        id,
        state,
        ready,
        restarts,
        run == null ? null : run.incarnation(),
        NODE,
        run == null ? null : run.startedAt,
        reason,
        message,
        lastExit,
        nextStartAt,
        cpuMillis,
        memoryBytes);
  }

  /** Adopts {@code spec.lastKnown()} if that exact process still runs, else starts a new one. */
  public void begin() {
    Incarnation known = spec.lastKnown();
    Optional<RunningProcess> adopted = known == null ? Optional.empty() : p.launcher().adopt(known);
    if (adopted.isPresent()) {
      adopt(adopted.get(), known.port());
    } else {
      launch();
    }
  }

  /** Stops a process left by a previous control plane, if {@code known} still names one. */
  public void stopLeftover(Incarnation known, Duration grace) {
    Optional<RunningProcess> proc = known == null ? Optional.empty() : p.launcher().adopt(known);
    if (proc.isEmpty()) {
      p.cgroups().open(id).ifPresent(CgroupHandle::release);
      stopping = true;
      terminate(null);
      return;
    }
    CgroupHandle cg = p.cgroups().open(id).orElse(null);
    Instant now = p.clock().instant();
    HealthCheck none = HealthCheck.of(HealthCheck.Kind.NONE, "");
    run =
        new ProcessRun(
            ++seq,
            proc.get(),
            cg,
            known.port(),
            now,
            true,
            0,
            Map.of(),
            ProbeTracker.start(none, now));
    drainLeftover(proc.get());
    watchExit(run);
    stop(grace);
  }

  /**
   * Drains a leftover's output into its log while it stops: an app may print a lot on SIGTERM, and
   * with nobody draining its pipe it would block once 64 KiB wait there, miss its grace period and
   * be killed, its last words lost. Without a log on disk its output cannot be kept, and it is
   * stopped regardless.
   */
  private void drainLeftover(RunningProcess proc) {
    try {
      p.logs().watch(id, RunStarter.output(proc));
    } catch (IOException | RuntimeException e) {
      LOG.warn("stopping leftover replica {} without logging its output: {}", id, e.toString());
    }
  }

  private void launch() {
    backoffTimer = null;
    nextStartAt = null;
    if (startedOnce) {
      restarts++;
    }
    startedOnce = true;
    Instant now = p.clock().instant();
    try {
      RunStarter.Started started = starter.launch(spec, lastPort);
      lastPort = started.port();
      startRun(started, false, now);
    } catch (LaunchException e) {
      crashed(new ExitInfo(-1, "StartFailed", e.getMessage(), now), now);
    }
  }

  private void adopt(RunningProcess proc, int port) {
    startedOnce = true;
    lastPort = port;
    startRun(starter.adopt(spec, proc, port), true, p.clock().instant());
  }

  private void startRun(RunStarter.Started st, boolean adopted, Instant now) {
    RunningProcess proc = st.process();
    Instant startedAt = adopted && proc.startedAt() != null ? proc.startedAt() : now;
    ProbeTracker tracker = ProbeTracker.start(spec.health(), now);
    probeCheck = st.probe();
    run =
        new ProcessRun(
            ++seq,
            proc,
            st.cgroup(),
            st.port(),
            startedAt,
            adopted,
            st.logStart(),
            st.env(),
            tracker);
    state = ReplicaState.STARTING;
    ready = false;
    reason = "";
    message =
        adopted ? "adopted pid " + proc.pid() + " left running by an earlier control plane" : "";
    if (!st.logProblem().isEmpty()) {
      message = message + "; " + st.logProblem();
    }
    cpuMillis = -1;
    memoryBytes = -1;
    watchExit(run);
    if (tracker.ready()) {
      ready = true;
      state = ReplicaState.RUNNING;
    } else {
      int s = run.seq;
      Duration first = Duration.between(now, tracker.firstProbeAt());
      run.probeTimer = p.scheduler().schedule(first, () -> probeDue(s));
    }
    publish();
  }

  private void watchExit(ProcessRun r) {
    int s = r.seq;
    r.process
        .exit()
        .whenComplete(
            (code, err) -> p.scheduler().execute(() -> onExit(s, code == null ? -1 : code)));
  }

  private boolean current(int s) {
    return run != null && run.seq == s;
  }

  private void probeDue(int s) {
    if (!current(s) || stopping || run.killReason != null) {
      return;
    }
    run.probeTimer = null;
    ProbeRequest req = new ProbeRequest(probeCheck, run.port, spec.workingDir(), run.env);
    p.prober()
        .probe(req)
        .whenComplete(
            (ok, err) -> p.scheduler().execute(() -> onProbe(s, Boolean.TRUE.equals(ok))));
  }

  private void onProbe(int s, boolean ok) {
    if (!current(s) || stopping || run.killReason != null) {
      return;
    }
    Instant now = p.clock().instant();
    run.tracker = run.tracker.record(ok);
    ready = run.tracker.ready();
    if (run.tracker.everReady()) {
      state = ReplicaState.RUNNING;
    }
    if (run.tracker.verdict(now) == ProbeTracker.Verdict.RESTART) {
      HealthCheck c = spec.health();
      if (run.tracker.everReady()) {
        killForRestart(
            "LivenessFailed", "health check failed " + c.failureThreshold() + " times in a row");
      } else {
        killForRestart(
            "StartupTimeout",
            "not ready within "
                + dev.berth.core.spec.Durations.format(c.startupTimeout())
                + " of starting");
      }
      return;
    }
    publish();
    run.probeTimer =
        p.scheduler().schedule(run.tracker.nextProbeDelay(p.clock().instant()), () -> probeDue(s));
  }

  private void killForRestart(String why, String detail) {
    run.killReason = why;
    run.killMessage = detail;
    run.cancelTimers();
    ready = false;
    reason = why;
    message = detail;
    publish();
    termination.begin(run, p.tuning().restartGrace(), this::current);
  }

  /** Stops gracefully: SIGTERM to the group, SIGKILL after {@code grace}. Idempotent. */
  public void stop(Duration grace) {
    if (state == ReplicaState.TERMINATED || stopping) {
      return;
    }
    stopping = true;
    if (backoffTimer != null) {
      backoffTimer.cancel();
      backoffTimer = null;
    }
    if (run == null) {
      terminate(null);
      return;
    }
    run.cancelTimers();
    state = ReplicaState.TERMINATING;
    ready = false;
    reason = "";
    message =
        "stopping: SIGTERM sent, SIGKILL after " + dev.berth.core.spec.Durations.format(grace);
    publish();
    termination.begin(run, grace, this::current);
  }

  /**
   * Stops for the runtime's shutdown: like {@link #stop} but without a signal or a timer of its
   * own. Returns the run's process group for the {@link ShutdownStopper}, which signals every
   * replica's group at once and kills what is left after the grace period; this supervisor only
   * records the exit. Empty when no process runs (the replica is TERMINATED at once). Idempotent.
   */
  public Optional<ShutdownTarget> stopForShutdown(Duration grace) {
    if (state == ReplicaState.TERMINATED) {
      return Optional.empty();
    }
    if (!stopping) {
      stopping = true;
      if (backoffTimer != null) {
        backoffTimer.cancel();
        backoffTimer = null;
      }
      if (run == null) {
        terminate(null);
        return Optional.empty();
      }
      if (run.probeTimer != null) {
        run.probeTimer.cancel(); // a drain in progress keeps its timer: it ends the run
        run.probeTimer = null;
      }
      state = ReplicaState.TERMINATING;
      ready = false;
      reason = "";
      message =
          "stopping with the control plane: SIGTERM sent, SIGKILL after "
              + dev.berth.core.spec.Durations.format(grace);
      publish();
    }
    if (run == null) {
      return Optional.empty();
    }
    run.shutdown = true;
    return Optional.of(new ShutdownTarget(id, run.process.pid(), run.cgroup));
  }

  private void onExit(int s, int code) {
    if (!current(s)) {
      return;
    }
    boolean terminating = stopping || run.killReason != null;
    if (terminating && termination.drain(run, code, this::current, this::finishExit)) {
      return; // the app the shell started is still shutting down
    }
    finishExit(run.leaderExitCode != null ? run.leaderExitCode : code);
  }

  private void finishExit(int code) {
    ProcessRun r = run;
    run = null;
    r.cancelTimers();
    Instant now = p.clock().instant();
    if (!r.adopted && !r.draining && !r.shutdown) {
      // leftovers of the group (a drained group is known to be empty); the group id cannot be
      // reused while any member lives
      p.signaller().signalGroup(r.process.pid(), Signal.KILL);
    }
    boolean oom = r.cgroup != null && r.cgroup.oomKills() > r.oomBaseline;
    if (r.cgroup != null) {
      r.cgroup.release();
    }
    long limit = spec == null ? 0 : spec.resources().memoryLimitBytes();
    ExitClassifier.Facts facts =
        new ExitClassifier.Facts(
            code, r.adopted, r.killReason, r.killMessage, oom, limit, stopping);
    if (spec != null || r.adopted) {
      p.logs().unwatch(id); // the last output is in the log before the tail is read
    }
    ExitInfo exit =
        ExitClassifier.classify(
            facts, () -> spec == null ? List.of() : p.logs().tail(id, r.logStart, TAIL_LINES), now);
    if (stopping || runsOnce()) {
      terminate(exit);
    } else {
      crashed(exit, r.startedAt);
    }
  }

  private boolean runsOnce() {
    return spec != null && spec.restart() == RestartPolicy.NEVER;
  }

  private void crashed(ExitInfo exit, Instant runStartedAt) {
    lastExit = exit;
    ready = false;
    cpuMillis = -1;
    memoryBytes = -1;
    if (stopping || runsOnce()) {
      terminate(exit);
      return;
    }
    consecutiveCrashes =
        p.backoff().consecutiveAfterCrash(consecutiveCrashes, runStartedAt, exit.at());
    Duration delay = p.backoff().delay(consecutiveCrashes);
    state = ReplicaState.BACKOFF;
    boolean startFailed = exit.reason().equals("StartFailed");
    reason = startFailed ? "StartFailed" : "CrashLoopBackOff";
    nextStartAt = exit.at().plus(delay);
    message = Describe.backoff(delay, exit);
    publish();
    backoffTimer =
        p.scheduler()
            .schedule(
                delay,
                () -> {
                  if (state == ReplicaState.BACKOFF && !stopping) {
                    launch();
                  }
                });
  }

  private void terminate(ExitInfo exit) {
    if (exit != null) {
      lastExit = exit;
    }
    state = ReplicaState.TERMINATED;
    ready = false;
    nextStartAt = null;
    cpuMillis = -1;
    memoryBytes = -1;
    reason = exit == null ? "" : exit.reason();
    message = exit == null ? "" : exit.message();
    publish();
    terminated.complete(status());
  }

  /** What to sample for the current run, if any: the run's tag, leader pid and cgroup. */
  public Optional<UsageTarget> usageTarget() {
    return run == null
        ? Optional.empty()
        : Optional.of(new UsageTarget(id, run.seq, run.process.pid(), run.cgroup));
  }

  /** A usage sample of run {@code s}: updates CPU and memory, enforces memory without cgroups. */
  public void onUsage(int s, Usage u) {
    if (!current(s)) {
      return;
    }
    Instant now = p.clock().instant();
    long cpu = ExitClassifier.millicores(run.lastCpuNanos, run.lastSampleAt, u.cpuNanos(), now);
    run.lastCpuNanos = u.cpuNanos();
    run.lastSampleAt = now;
    cpuMillis = cpu;
    memoryBytes = u.memoryBytes();
    long limit = spec == null ? 0 : spec.resources().memoryLimitBytes();
    if (run.cgroup == null && limit > 0 && u.memoryBytes() > limit && run.killReason == null) {
      run.killReason = "OOMKilled";
      run.killMessage = Describe.overLimit(u.memoryBytes(), limit);
      ready = false;
      termination.signal(run, Signal.KILL);
    }
    publish();
  }

  private void publish() {
    ReplicaStatus st = status();
    if (!st.equals(published)) {
      published = st;
      p.sink().accept(st);
    }
  }
}
