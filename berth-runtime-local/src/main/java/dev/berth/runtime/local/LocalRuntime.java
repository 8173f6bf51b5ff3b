package dev.berth.runtime.local;

import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.logs.LogSource;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.RunAsPolicy;
import dev.berth.engine.runtime.Runtime;
import dev.berth.runtime.local.internal.RuntimeWiring;
import dev.berth.runtime.local.internal.cgroup.InstallationCgroups;
import dev.berth.runtime.local.internal.logs.LogStore;
import dev.berth.runtime.local.internal.proc.MachineFacts;
import dev.berth.runtime.local.internal.supervise.Installation;
import dev.berth.runtime.local.internal.supervise.ReplicaEnvironment;
import dev.berth.runtime.local.internal.supervise.ReplicaRegistry;
import dev.berth.runtime.local.internal.supervise.RunAs;
import dev.berth.runtime.local.internal.supervise.Scheduler;
import dev.berth.runtime.local.internal.supervise.ShutdownStopper;
import dev.berth.runtime.local.internal.supervise.ShutdownTarget;
import dev.berth.runtime.local.internal.supervise.SupervisorPorts;
import dev.berth.runtime.local.internal.supervise.Tuning;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet of Berth on one machine: runs each replica as an OS process in its own session and
 * process group (and cgroup when the machine allows), probes it, restarts it with CrashLoopBackOff,
 * stops it gracefully, and keeps its output in rotated log files with a time index. Implements the
 * engine's {@link Runtime} and {@link LogSource}.
 *
 * <p>Invariants: {@code ensure} and {@code stop} are idempotent and return at once; every change of
 * a replica reaches the watchers once, in order; {@link #close()} stops the runtime's threads but
 * never the replicas (they keep running and a later instance adopts them by pid and start time),
 * while {@link #stopAll(Duration)} stops them all. Each replica writes into a named pipe that this
 * runtime drains into its log files (one thread per running replica), rotating at the size limit:
 * disk use per replica never exceeds ({@code logMaxFiles} + 1) x {@code logMaxBytes} plus a small
 * time index. While no control plane runs, a replica's output waits in its pipe (64 KiB), and the
 * replica's writes block once it is full, until the next control plane adopts it.
 */
public final class LocalRuntime implements Runtime, LogSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

  private final LogStore logs;
  private final ReplicaRegistry registry;
  private final NodeCapacity node;
  private final RuntimeWiring wiring;
  private final Installation installation;
  private final Clock clock;
  private volatile boolean closed;

  /** How long {@link #stopAll} waits for the supervisor thread to hand over the replicas. */
  private static final Duration SUPERVISOR_WAIT = Duration.ofSeconds(30);

  /** A runtime on this machine with the real processes, probes and cgroups. */
  public LocalRuntime(LocalRuntimeConfig config, Clock clock) {
    this(config, clock, RuntimeWiring.real(config.useCgroups(), Tuning.DEFAULT, System.getenv()));
  }

  /** For tests: fakes or tuned intervals in place of the real ports. */
  LocalRuntime(LocalRuntimeConfig config, Clock clock, RuntimeWiring wiring) {
    this.wiring = wiring;
    this.clock = clock;
    this.logs = new LogStore(config.dataDir(), clock, config.logMaxBytes(), config.logMaxFiles());
    this.installation = Installation.of(config.dataDir());
    SupervisorPorts ports =
        new SupervisorPorts(
            clock,
            wiring.scheduler(),
            wiring.launches(),
            wiring.launcher(),
            wiring.signaller(),
            wiring.prober(),
            new InstallationCgroups(wiring.cgroups(), installation.marker()),
            wiring.ports(),
            logs,
            config.backoff(),
            wiring.tuning(),
            wiring.parentEnv(),
            installation,
            wiring.accounts(),
            st -> {});
    this.registry =
        new ReplicaRegistry(ports, config.terminatedRetention(), wiring.usage(), wiring.sampler());
    this.node = capacity(wiring.machine(), config);
    Tuning t = wiring.tuning();
    if (wiring.background() != null) {
      long sweepMs = t.retentionSweepInterval().toMillis();
      wiring
          .background()
          .scheduleWithFixedDelay(
              guard(() -> logs.sweep(config.logRetention())),
              Math.min(sweepMs, 10_000),
              sweepMs,
              TimeUnit.MILLISECONDS);
    }
    scheduleSampling(wiring.scheduler(), t.usageInterval());
  }

  /**
   * What this runtime enforces limits with and where replica logs go, for the control plane's
   * start-up line: {@code "cgroups v2, logs under /home/me/.berth/logs"}.
   */
  public String summary() {
    return "cgroups " + wiring.cgroups().kind() + ", logs under " + logs.root();
  }

  /** One node: the machine, minus the reserve for the system and the control plane. */
  static NodeCapacity capacity(MachineFacts m, LocalRuntimeConfig c) {
    return new NodeCapacity(
        "local",
        m.cpuMillis(),
        m.memoryBytes(),
        Math.max(0, m.cpuMillis() - c.reservedCpuMillis()),
        Math.max(0, m.memoryBytes() - c.reservedMemoryBytes()));
  }

  private void scheduleSampling(Scheduler scheduler, Duration interval) {
    scheduler.schedule(
        interval,
        () -> {
          if (!closed) {
            registry.sampleUsage();
            scheduleSampling(scheduler, interval);
          }
        });
  }

  private static Runnable guard(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("background task failed", e);
      }
    };
  }

  @Override
  public void ensure(ReplicaSpec spec) {
    requireOpen();
    registry.ensure(spec);
  }

  /**
   * Sets up the start of a replica due soon (a cron run decided ahead): its log pipe, drained, and
   * its cgroup, so that {@link #ensure} then only starts the process. Released if no ensure comes.
   */
  @Override
  public void prepare(ReplicaSpec spec) {
    requireOpen();
    registry.prepare(spec);
  }

  @Override
  public void stop(String replicaId, Incarnation lastKnown, Duration grace) {
    requireOpen();
    registry.stop(replicaId, lastKnown, grace);
  }

  @Override
  public List<ReplicaStatus> list() {
    return registry.list();
  }

  /**
   * Replicas of this data directory that an earlier control plane left running: processes in {@code
   * /proc} whose environment names this installation in {@code BERTH_CONTROL_PLANE} and a replica
   * in {@code BERTH_REPLICA}, minus those this instance runs already.
   */
  @Override
  public List<Leftover> leftovers() {
    Set<String> known = new HashSet<>();
    Set<Long> pids = new HashSet<>();
    for (ReplicaStatus s : registry.list()) {
      known.add(s.id());
      if (s.incarnation() != null) {
        pids.add(s.incarnation().pid());
      }
    }
    return wiring
        .leftovers()
        .find(ReplicaEnvironment.REPLICA, ReplicaEnvironment.CONTROL_PLANE, installation.marker())
        .stream()
        .filter(l -> !known.contains(l.replicaId()) && !pids.contains(l.incarnation().pid()))
        .toList();
  }

  /**
   * Whether replicas can run as a service's {@code user} here: only when the control plane runs as
   * root, {@code setpriv} is installed and the machine knows the user. Asked by {@code berth
   * apply}.
   */
  public RunAsPolicy runAs() {
    return user -> RunAs.refusal(wiring.accounts(), user);
  }

  @Override
  public List<NodeCapacity> nodes() {
    return List.of(node);
  }

  @Override
  public void watch(Consumer<ReplicaStatus> listener) {
    registry.watch(listener);
  }

  @Override
  public LogPage read(LogQuery query) {
    return logs.read(query);
  }

  /** Checks {@code cancelled} before every block it scans: an abandoned read stops within one. */
  @Override
  public LogPage read(LogQuery query, java.util.function.BooleanSupplier cancelled) {
    return logs.read(query, cancelled);
  }

  /**
   * Replica ids of a service that have logs on disk, including replicas that no longer exist, so
   * their output stays readable after a deploy or a crash.
   */
  public List<String> replicaIdsWithLogs(String project, String environment, String service) {
    return logs.replicaIdsWithLogs(project, environment, service);
  }

  /**
   * Stops every replica and returns once all are gone; logs how many are left about once a second.
   * Used when the control plane exits on Ctrl-C or SIGTERM. See {@link #stopAll(Duration,
   * StopProgress)}.
   */
  public void stopAll(Duration grace) {
    stopAll(grace, new LoggedStopProgress(clock));
  }

  /**
   * Stops every replica at once: SIGTERM to all their process groups together, SIGKILL to the
   * groups (and cgroups) still alive after {@code grace}, and returns when none is left, or {@link
   * ShutdownStopper#KILL_WAIT} after SIGKILL at the latest (a process stuck in the kernel). Takes
   * about {@code grace} however many replicas there are. From its start the runtime starts no
   * replica any more. The replicas' TERMINATED statuses may still be on their way when it returns.
   */
  public void stopAll(Duration grace, StopProgress progress) {
    requireOpen();
    List<ShutdownTarget> targets;
    try {
      targets =
          registry.beginShutdown(grace).get(SUPERVISOR_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("the supervisor did not answer within {}; replicas not stopped", SUPERVISOR_WAIT);
      return;
    } catch (ExecutionException e) {
      LOG.warn("stopping replicas failed", e.getCause());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    ShutdownStopper.Result r =
        ShutdownStopper.real(wiring.signaller(), clock).stop(targets, grace, progress::left);
    if (r.left() > 0) {
      LOG.warn(
          "{} of {} replicas were still running {} after SIGKILL",
          r.left(),
          r.total(),
          ShutdownStopper.KILL_WAIT);
    }
  }

  /**
   * Stops the runtime's threads without stopping replicas: they keep running, their output waits in
   * their pipes, and a new runtime adopts them from their last known incarnation and drains what
   * they wrote meanwhile.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ExecutorService e : wiring.owned()) {
      e.shutdownNow();
    }
    for (ExecutorService e : wiring.owned()) {
      try {
        e.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    logs.close(); // after the supervisor thread: no replica starts draining afterwards
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the local runtime is closed");
    }
  }
}
