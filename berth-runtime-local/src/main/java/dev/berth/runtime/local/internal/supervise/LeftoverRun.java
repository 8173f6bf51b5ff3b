package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.decide.ProbeTracker;
import dev.berth.core.model.HealthCheck;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.runtime.local.internal.cgroup.CgroupHandle;
import dev.berth.runtime.local.internal.proc.RunningProcess;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run of a process a previous control plane left, taken over only to stop it: never probed, its
 * output drained into its log while it stops.
 */
final class LeftoverRun {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverRun.class);

  private LeftoverRun() {}

  /**
   * The run of {@code known} if that exact process still runs; otherwise empty, and its cgroup (if
   * one is left) is removed.
   */
  static Optional<ProcessRun> take(SupervisorPorts p, String id, Incarnation known, int seq) {
    Optional<RunningProcess> proc = known == null ? Optional.empty() : p.launcher().adopt(known);
    if (proc.isEmpty()) {
      p.cgroups().open(id).ifPresent(CgroupHandle::release);
      return Optional.empty();
    }
    CgroupHandle cg = p.cgroups().open(id).orElse(null);
    Instant now = p.clock().instant();
    HealthCheck none = HealthCheck.of(HealthCheck.Kind.NONE, "");
    ProcessRun run =
        new ProcessRun(
            seq,
            proc.get(),
            cg,
            known.port(),
            now,
            true,
            0,
            Map.of(),
            ProbeTracker.start(none, now));
    drain(p, id, proc.get());
    return Optional.of(run);
  }

  /**
   * Drains a leftover's output into its log while it stops: an app may print a lot on SIGTERM, and
   * with nobody draining its pipe it would block once 64 KiB wait there, miss its grace period and
   * be killed, its last words lost. Without a log on disk its output cannot be kept, and it is
   * stopped regardless.
   */
  private static void drain(SupervisorPorts p, String id, RunningProcess proc) {
    try {
      p.logs().watch(id, RunStarter.output(proc));
    } catch (IOException | RuntimeException e) {
      LOG.warn("stopping leftover replica {} without logging its output: {}", id, e.toString());
    }
  }
}
