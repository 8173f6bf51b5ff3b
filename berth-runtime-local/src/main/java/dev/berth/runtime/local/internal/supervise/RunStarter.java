package dev.berth.runtime.local.internal.supervise;

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
      long logStart) {}

  private final SupervisorPorts p;

  RunStarter(SupervisorPorts ports) {
    this.p = ports;
  }

  Started launch(ReplicaSpec spec, int previousPort) throws LaunchException {
    CgroupHandle cg = null;
    boolean watching = false;
    try {
      int port = spec.needsPort() ? p.ports().next(previousPort) : 0;
      Map<String, String> env =
          ReplicaEnvironment.build(p.parentEnv(), spec, port, p.installation());
      p.installation().prepare(spec);
      Path pipe = p.logs().prepare(spec.project(), spec.environment(), spec.service(), spec.id());
      long logStart = p.logs().logicalEnd(spec.id());
      // A cgroup of this replica that still exists holds a process no run tracks: one a control
      // plane started just before it died, before it could record it. Kill it, or the replica
      // would run twice.
      p.cgroups().open(spec.id()).ifPresent(CgroupHandle::release);
      cg = p.cgroups().create(spec.id(), spec.resources()).orElse(null);
      List<Path> procs = cg == null ? List.of() : cg.procsFiles();
      p.logs().watch(spec.id()); // before the launch: drained from the first byte
      watching = true;
      RunningProcess proc =
          p.launcher()
              .launch(new LaunchRequest(spec.command(), spec.workingDir(), env, pipe, procs));
      return new Started(proc, cg, port, env, logStart);
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

  /** The pieces of a process left running by an earlier control plane. */
  Started adopt(ReplicaSpec spec, RunningProcess proc, int port) {
    long logStart = 0;
    try {
      p.logs().prepare(spec.project(), spec.environment(), spec.service(), spec.id());
      logStart = p.logs().logicalEnd(spec.id());
      p.logs().watch(spec.id());
    } catch (IOException | RuntimeException e) {
      // the process runs regardless; its output waits in its pipe (it blocks once that is full)
      LOG.warn("cannot drain the log pipe of adopted replica {}: {}", spec.id(), e.toString());
    }
    CgroupHandle cg = p.cgroups().open(spec.id()).orElse(null);
    Map<String, String> env = ReplicaEnvironment.build(p.parentEnv(), spec, port, p.installation());
    return new Started(proc, cg, port, env, logStart);
  }
}
