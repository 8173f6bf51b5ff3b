package dev.berth.runtime.local.internal;

import dev.berth.runtime.local.internal.cgroup.CgroupDetector;
import dev.berth.runtime.local.internal.cgroup.Cgroups;
import dev.berth.runtime.local.internal.cgroup.NoCgroups;
import dev.berth.runtime.local.internal.probe.Prober;
import dev.berth.runtime.local.internal.probe.RealProber;
import dev.berth.runtime.local.internal.proc.KillSignaller;
import dev.berth.runtime.local.internal.proc.LeftoverScan;
import dev.berth.runtime.local.internal.proc.MachineFacts;
import dev.berth.runtime.local.internal.proc.OsProcessLauncher;
import dev.berth.runtime.local.internal.proc.ProcFs;
import dev.berth.runtime.local.internal.proc.ProcessLauncher;
import dev.berth.runtime.local.internal.proc.Signaller;
import dev.berth.runtime.local.internal.proc.SystemAccounts;
import dev.berth.runtime.local.internal.supervise.Accounts;
import dev.berth.runtime.local.internal.supervise.DaemonThreads;
import dev.berth.runtime.local.internal.supervise.ExecutorScheduler;
import dev.berth.runtime.local.internal.supervise.LoopbackPortAllocator;
import dev.berth.runtime.local.internal.supervise.PortAllocator;
import dev.berth.runtime.local.internal.supervise.ProcUsageReader;
import dev.berth.runtime.local.internal.supervise.Scheduler;
import dev.berth.runtime.local.internal.supervise.Tuning;
import dev.berth.runtime.local.internal.supervise.UsageReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongConsumer;

/**
 * The ports and threads a {@code LocalRuntime} runs on: real ones from {@link #real}, fakes in
 * tests. Threads: one supervisor thread (all state machines), one background thread (log retention,
 * usage reads, polling adopted processes, cgroup clean-up), a small probe pool, a launch pool
 * (process starts, several at once), and one log pump thread per running replica (started by the
 * log store); process exits arrive on the JDK's reaper threads and are handed to the supervisor.
 *
 * @param scheduler the supervisor thread
 * @param background periodic log retention, or {@code null} for none (tests)
 * @param sampler runs usage reads off the supervisor thread
 * @param launches starts processes off the supervisor thread, {@code Tuning#launchThreads} at once
 * @param leftovers finds replicas a dead control plane left running
 * @param accounts the machine's users, for services with a {@code user}
 * @param owned executors to shut down on close
 */
public record RuntimeWiring(
    Scheduler scheduler,
    ScheduledExecutorService background,
    java.util.concurrent.Executor sampler,
    java.util.concurrent.Executor launches,
    ProcessLauncher launcher,
    Signaller signaller,
    Prober prober,
    Cgroups cgroups,
    PortAllocator ports,
    UsageReader usage,
    LeftoverScan leftovers,
    Accounts accounts,
    MachineFacts machine,
    Tuning tuning,
    Map<String, String> parentEnv,
    List<ExecutorService> owned) {

  /** One thread; cancelled timers (probes, back-offs, graces) leave the queue at once. */
  private static ScheduledExecutorService singleThread(String name) {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, new DaemonThreads(name));
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /** The real thing: processes, /proc, cgroups (when {@code useCgroups} and writable). */
  public static RuntimeWiring real(boolean useCgroups, Tuning tuning, Map<String, String> env) {
    ScheduledExecutorService supervisor = singleThread("berth-supervisor");
    ScheduledExecutorService background = singleThread("berth-background");
    ExecutorService launches =
        Executors.newFixedThreadPool(tuning.launchThreads(), new DaemonThreads("berth-launch"));
    ExecutorService probes =
        Executors.newFixedThreadPool(tuning.probeThreads(), new DaemonThreads("berth-probe"));
    ProcFs procFs = ProcFs.system();
    long self = ProcessHandle.current().pid();
    LongConsumer killer =
        pid -> {
          if (pid != self && pid > 1) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
          }
        };
    Cgroups cgroups =
        useCgroups ? CgroupDetector.detectSystem(killer, background) : new NoCgroups();
    return new RuntimeWiring(
        new ExecutorScheduler(supervisor),
        background,
        background,
        launches,
        new OsProcessLauncher(procFs, background),
        new KillSignaller(procFs),
        new RealProber(probes),
        cgroups,
        new LoopbackPortAllocator(),
        new ProcUsageReader(procFs),
        LeftoverScan.system(),
        new SystemAccounts(),
        MachineFacts.read(),
        tuning,
        env,
        List.of(supervisor, background, probes, launches));
  }
}
