package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.model.HealthCheck;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.runtime.local.internal.cgroup.CgroupHandle;
import dev.berth.runtime.local.internal.proc.LaunchException;
import dev.berth.runtime.local.internal.proc.LaunchRequest;
import dev.berth.runtime.local.internal.proc.RunningProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything around one process start: a new port, the environment and the replica's private {@code
 * HOME} and {@code TMPDIR}, the log pipe and where this run's output begins, a fresh cgroup,
 * draining the pipe, the launch. On failure nothing is left behind (the cgroup is released, the
 * pipe no longer drained) and the caller gets one {@link LaunchException} that says why.
 */
final class RunStarter {
  private static final Logger LOG = LoggerFactory.getLogger(RunStarter.class);

  /** The pieces of a started (or adopted) run. */
  record Started(
      RunningProcess process,
      CgroupHandle cgroup,
      int port,
      Map<String, String> env,
      long logStart,
      HealthCheck probe,
      String logProblem) {
    Started(
        RunningProcess process,
        CgroupHandle cgroup,
        int port,
        Map<String, String> env,
        long logStart,
        HealthCheck probe) {
      this(process, cgroup, port, env, logStart, probe, "");
    }
  }

  private final SupervisorPorts p;

  RunStarter(SupervisorPorts ports) {
    this.p = ports;
  }

  /**
   * What is set up for a process before it starts: its log pipe, drained from now on, where its
   * output begins, its fresh cgroup (or {@code null} without cgroups). The slow part of a start
   * ({@code mkfifo} is a process of its own), so it can be done ahead ({@link Preparations}).
   */
  record Prepared(Path pipe, long logStart, CgroupHandle cgroup) {}

  /**
   * Sets up everything but the process itself: the replica's private directories, its log pipe
   * (drained from now on), a fresh cgroup. On failure nothing is left behind.
   */
  Prepared prepare(ReplicaSpec spec) throws LaunchException {
    CgroupHandle cg = null;
    boolean watching = false;
    try {
      if (account(spec) == null) {
        p.installation().prepare(spec);
      }
      Path pipe = p.logs().prepare(spec.project(), spec.environment(), spec.service(), spec.id());
      long logStart = p.logs().logicalEnd(spec.id());
      // A cgroup of this replica that still exists holds a process no run tracks: one a control
      // plane started just before it died, before it could record it. Kill it, or the replica
      // would run twice.
      p.cgroups().open(spec.id()).ifPresent(CgroupHandle::release);
      cg = p.cgroups().create(spec.id(), spec.resources()).orElse(null);
      p.logs().watch(spec.id()); // before the launch: drained from the first byte
      watching = true;
      return new Prepared(pipe, logStart, cg);
    } catch (LaunchException | IOException | RuntimeException e) {
      if (watching) {
        p.logs().unwatch(spec.id());
      }
      if (cg != null) {
        cg.release();
      }
      throw e instanceof LaunchException le ? le : new LaunchException("cannot start: " + e, e);
    }
  }

  /** Undoes {@link #prepare}: stops draining the pipe, removes the cgroup. */
  void release(String replicaId, Prepared pr) {
    p.logs().unwatch(replicaId);
    if (pr.cgroup() != null) {
      pr.cgroup().release();
    }
  }

  /**
   * Starts the process, on {@code ready} when it was prepared ahead for this spec, else after
   * preparing now. Runs on a launch thread; touches no supervisor state.
   */
  Started launch(ReplicaSpec spec, int previousPort, Prepared ready) throws LaunchException {
    Prepared pr = ready;
    try {
      Accounts.Account account = account(spec);
      if (pr == null) {
        pr = prepare(spec);
      }
      int port = spec.needsPort() ? p.ports().next(previousPort) : 0;
      Map<String, String> env =
          ReplicaEnvironment.build(p.parentEnv(), spec, port, p.installation(), account);
      String command =
          account == null
              ? spec.command()
              : RunAs.wrap(p.accounts().setpriv().orElseThrow(), account, spec.command());
      List<Path> procs = pr.cgroup() == null ? List.of() : pr.cgroup().procsFiles();
      RunningProcess proc =
          p.launcher().launch(new LaunchRequest(command, spec.workingDir(), env, pr.pipe(), procs));
      return new Started(proc, pr.cgroup(), port, env, pr.logStart(), probe(spec, account));
    } catch (LaunchException | RuntimeException e) {
      if (pr != null) {
        release(spec.id(), pr);
      }
      throw e instanceof LaunchException le ? le : new LaunchException("cannot start: " + e, e);
    }
  }

  /**
   * The pieces of a process left running by an earlier control plane. Its output is drained from
   * the pipe it really writes to ({@link #output}), which is not its pipe file when that was
   * deleted or replaced while no control plane ran. If draining cannot start at all, the process
   * runs regardless, but it will block once its pipe holds 64 KiB: {@code logProblem} says so, for
   * the replica's status.
   */
  Started adopt(ReplicaSpec spec, RunningProcess proc, int port) {
    long logStart = 0;
    String logProblem = "";
    try {
      p.logs().prepare(spec.project(), spec.environment(), spec.service(), spec.id());
      logStart = p.logs().logicalEnd(spec.id());
      p.logs().watch(spec.id(), output(proc));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot drain the log pipe of adopted replica {}: {}", spec.id(), e.toString());
      logProblem = Describe.undrained(e);
    }
    CgroupHandle cg = p.cgroups().open(spec.id()).orElse(null);
    Accounts.Account account = null;
    if (!spec.user().isEmpty() && RunAs.refusal(p.accounts(), spec.user()).isEmpty()) {
      account = p.accounts().find(spec.user()).orElse(null);
    }
    Map<String, String> env =
        ReplicaEnvironment.build(p.parentEnv(), spec, port, p.installation(), account);
    return new Started(proc, cg, port, env, logStart, probe(spec, account), logProblem);
  }

  /**
   * What opens the pipe a process writes its output to, whatever name that pipe has now: its
   * standard output in {@code /proc} (its stderr is the same pipe).
   */
  static Path output(RunningProcess proc) {
    return Path.of("/proc", Long.toString(proc.pid()), "fd", "1");
  }

  /** The account of the spec's {@code user}, {@code null} for none; fails when it cannot be. */
  private Accounts.Account account(ReplicaSpec spec) throws LaunchException {
    if (spec.user().isEmpty()) {
      return null;
    }
    java.util.Optional<String> refusal = RunAs.refusal(p.accounts(), spec.user());
    if (refusal.isPresent()) {
      throw new LaunchException("cannot run as user '" + spec.user() + "': " + refusal.get());
    }
    return p.accounts().find(spec.user()).orElseThrow();
  }

  /** The health check to probe with: an exec probe runs as the replica's user too. */
  private HealthCheck probe(ReplicaSpec spec, Accounts.Account account) {
    HealthCheck h = spec.health();
    if (account == null || h.kind() != HealthCheck.Kind.EXEC) {
      return h;
    }
    String setpriv = p.accounts().setpriv().orElseThrow();
    return new HealthCheck(
        h.kind(),
        RunAs.wrap(setpriv, account, h.target()),
        h.interval(),
        h.timeout(),
        h.failureThreshold(),
        h.initialDelay(),
        h.startupTimeout(),
        h.liveness());
  }
}
