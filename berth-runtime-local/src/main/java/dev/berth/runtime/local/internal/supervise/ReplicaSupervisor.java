package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.spec.Durations;
import dev.berth.engine.runtime.ExitInfo;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.RestartPolicy;
import dev.berth.runtime.local.internal.proc.RunningProcess;
import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import dev.berth.runtime.local.internal.proc.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one replica (see the README's diagram): start or adopt, probe ({@link
 * Probing}), restart with CrashLoopBackOff, stop gracefully. Every method runs on the supervisor
 * thread; time comes from the injected clock and every wait is a task scheduled with a delay
 * decided by {@code CrashLoopBackoff}, {@code ProbeTracker} or the stop's grace. Each change is
 * published once, in order, as a new {@link ReplicaStatus} ({@link StatusBoard}).
 *
 * <p>Starting a process (log pipe, cgroup, fork and exec, the prelude: tens of milliseconds) runs
 * on the launch pool ({@link SupervisorPorts#launches}), not on the supervisor thread, so that many
 * replicas due together start together; its outcome comes back to the supervisor thread as a task.
 * While it is on its way the replica has no process ({@code launching}); a stop then waits for it
 * and stops the new process at once, and a shutdown gets its process group once it exists. At most
 * one start per replica is in flight, and nothing but the launch touches it off the thread.
 *
 * <p>Restart policy ({@link ReplicaSpec#restart()}): {@code ALWAYS} replicas (web, worker) restart
 * after any exit, exit 0 too, as Kubernetes' {@code Always}; {@code NEVER} replicas (cron runs) run
 * once and end TERMINATED with the exit in {@code lastExit}, their process group killed, as a Job's
 * pod with {@code restartPolicy: Never}. Retrying a failed run is the cron controller's decision,
 * not the supervisor's.
 */
public final class ReplicaSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSupervisor.class);
  private static final int TAIL_LINES = 5;

  private final String id;
  private final ReplicaSpec spec;
  private final SupervisorPorts p;
  private final RunStarter starter;
  private final RunTermination termination;
  private final Preparations preparations;
  private final StatusBoard board;
  private final Probing probing;
  private final CompletableFuture<ReplicaStatus> terminated = new CompletableFuture<>();

  private int consecutiveCrashes;
  private boolean startedOnce;
  private boolean stopping;
  private ProcessRun run;
  private int seq;
  private int lastPort;
  private Scheduler.Cancellable backoffTimer;

  /** The start on the launch pool, not landed yet, or {@code null}. */
  private PendingStart launching;

  public ReplicaSupervisor(ReplicaSpec spec, SupervisorPorts ports) {
    this(spec.id(), spec, ports, new Preparations());
  }

  /** A supervisor whose first start uses what {@code preparations} set up ahead for it. */
  ReplicaSupervisor(ReplicaSpec spec, SupervisorPorts ports, Preparations preparations) {
    this(spec.id(), spec, ports, preparations);
  }

  private ReplicaSupervisor(
      String id, ReplicaSpec spec, SupervisorPorts ports, Preparations preparations) {
    this.id = id;
    this.spec = spec;
    this.p = ports;
    this.starter = new RunStarter(ports);
    this.termination = new RunTermination(ports);
    this.preparations = preparations;
    this.board = new StatusBoard(id, ports.sink());
    this.probing = new Probing(ports, spec, board, this::probed, this::killForRestart);
  }

  /** A supervisor for a process left by a previous control plane, only to stop it. */
  public static ReplicaSupervisor leftover(String id, SupervisorPorts ports) {
    return new ReplicaSupervisor(id, null, ports, new Preparations());
  }

  public String id() {
    return id;
  }

  public ReplicaState state() {
    return board.state;
  }

  /** Completes with the final status once the replica is TERMINATED. */
  public CompletableFuture<ReplicaStatus> terminated() {
    return terminated;
  }

  public ReplicaStatus status() {
    return board.status(run);
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
    Optional<ProcessRun> left = LeftoverRun.take(p, id, known, ++seq);
    if (left.isEmpty()) {
      stopping = true;
      terminate(null);
      return;
    }
    run = left.get();
    watchExit(run);
    stop(grace);
  }

  /** Hands a start to the launch pool; {@link #landed} takes its outcome back on this thread. */
  private void launch() {
    backoffTimer = null;
    board.nextStartAt = null;
    if (startedOnce) {
      board.restarts++;
    }
    startedOnce = true;
    launching = PendingStart.submit(p, starter, preparations, spec, lastPort, this::landed);
  }

  private void landed(PendingStart which, PendingStart.Landed l) {
    if (launching != which) {
      return;
    }
    launching = null;
    Instant now = p.clock().instant();
    try {
      if (l.failure() != null) {
        crashed(new ExitInfo(-1, "StartFailed", l.failure().getMessage(), now), now);
        return;
      }
      lastPort = l.started().port();
      if (!stopping) {
        startRun(l.started(), false, now);
        return;
      }
      // asked to stop while it was starting: the new process stops at once
      run = newRun(l.started(), false, now);
      watchExit(run);
      if (which.shutdownWait != null) {
        run.shutdown = true;
      } else {
        sendStop(which.stopGrace, "stopping: SIGTERM sent, SIGKILL after ");
      }
    } finally {
      if (which.shutdownWait != null) {
        which.shutdownWait.complete(run == null ? Optional.empty() : Optional.of(target()));
      }
    }
  }

  private void adopt(RunningProcess proc, int port) {
    startedOnce = true;
    lastPort = port;
    startRun(starter.adopt(spec, proc, port), true, p.clock().instant());
  }

  private ProcessRun newRun(RunStarter.Started st, boolean adopted, Instant now) {
    return ProcessRun.of(++seq, st, adopted, now, spec.health());
  }

  private void startRun(RunStarter.Started st, boolean adopted, Instant now) {
    run = newRun(st, adopted, now);
    board.state = ReplicaState.STARTING;
    board.ready = false;
    board.reason = "";
    board.message =
        adopted
            ? "adopted pid " + st.process().pid() + " left running by an earlier control plane"
            : "";
    if (!st.logProblem().isEmpty()) {
      board.message = board.message + "; " + st.logProblem();
    }
    board.clearUsage();
    watchExit(run);
    probing.begin(run, st.probe(), now);
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

  /** The current run if it is {@code s} and nothing is stopping it: what probes may act on. */
  private ProcessRun probed(int s) {
    return current(s) && !stopping && run.killReason == null ? run : null;
  }

  private void killForRestart(String why, String detail) {
    run.killReason = why;
    run.killMessage = detail;
    run.cancelTimers();
    board.ready = false;
    board.reason = why;
    board.message = detail;
    publish();
    termination.begin(run, p.tuning().restartGrace(), this::current);
  }

  /** Stops gracefully: SIGTERM to the group, SIGKILL after {@code grace}. Idempotent. */
  public void stop(Duration grace) {
    if (board.state == ReplicaState.TERMINATED || stopping) {
      return;
    }
    stopping = true;
    cancelBackoff();
    if (launching != null) {
      launching.stopGrace = grace; // the process is on its way: stopped as soon as it exists
      board.state = ReplicaState.TERMINATING;
      board.ready = false;
      board.message = "stopping: the process being started is stopped once it has started";
      publish();
      return;
    }
    if (run == null) {
      terminate(null);
      return;
    }
    sendStop(grace, "stopping: SIGTERM sent, SIGKILL after ");
  }

  private void sendStop(Duration grace, String what) {
    run.cancelTimers();
    board.state = ReplicaState.TERMINATING;
    board.ready = false;
    board.reason = "";
    board.message = what + Durations.format(grace);
    publish();
    termination.begin(run, grace, this::current);
  }

  private void cancelBackoff() {
    if (backoffTimer != null) {
      backoffTimer.cancel();
      backoffTimer = null;
    }
  }

  /**
   * Stops for the runtime's shutdown: like {@link #stop} but without a signal or a timer of its
   * own. Completes with the run's process group for the {@link ShutdownStopper}, which signals
   * every replica's group at once and kills what is left after the grace period; this supervisor
   * only records the exit. Empty when no process runs (the replica is TERMINATED at once); when a
   * start is on its way, completes once it has landed. Idempotent.
   */
  public CompletableFuture<Optional<ShutdownTarget>> stopForShutdown(Duration grace) {
    if (board.state == ReplicaState.TERMINATED) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (!stopping) {
      stopping = true;
      cancelBackoff();
      if (run == null && launching == null) {
        terminate(null);
        return CompletableFuture.completedFuture(Optional.empty());
      }
      if (run != null && run.probeTimer != null) {
        run.probeTimer.cancel(); // a drain in progress keeps its timer: it ends the run
        run.probeTimer = null;
      }
      board.state = ReplicaState.TERMINATING;
      board.ready = false;
      board.reason = "";
      board.message =
          "stopping with the control plane: SIGTERM sent, SIGKILL after " + Durations.format(grace);
      publish();
    }
    if (launching != null) {
      return launching.awaitForShutdown();
    }
    if (run == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    run.shutdown = true;
    return CompletableFuture.completedFuture(Optional.of(target()));
  }

  private ShutdownTarget target() {
    return new ShutdownTarget(id, run.process.pid(), run.cgroup);
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
    board.lastExit = exit;
    board.ready = false;
    board.clearUsage();
    if (stopping || runsOnce()) {
      terminate(exit);
      return;
    }
    consecutiveCrashes =
        p.backoff().consecutiveAfterCrash(consecutiveCrashes, runStartedAt, exit.at());
    Duration delay = p.backoff().delay(consecutiveCrashes);
    board.state = ReplicaState.BACKOFF;
    boolean startFailed = exit.reason().equals("StartFailed");
    board.reason = startFailed ? "StartFailed" : "CrashLoopBackOff";
    board.nextStartAt = exit.at().plus(delay);
    board.message = Describe.backoff(delay, exit);
    publish();
    backoffTimer =
        p.scheduler()
            .schedule(
                delay,
                () -> {
                  if (board.state == ReplicaState.BACKOFF && !stopping) {
                    launch();
                  }
                });
  }

  private void terminate(ExitInfo exit) {
    if (exit != null) {
      board.lastExit = exit;
    }
    board.state = ReplicaState.TERMINATED;
    board.ready = false;
    board.nextStartAt = null;
    board.clearUsage();
    board.reason = exit == null ? "" : exit.reason();
    board.message = exit == null ? "" : exit.message();
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
    long limit = spec == null ? 0 : spec.resources().memoryLimitBytes();
    if (UsageSample.apply(run, board, u, p.clock().instant(), limit)) {
      termination.signal(run, Signal.KILL);
    }
    publish();
  }

  private void publish() {
    board.publish(run);
  }
}
