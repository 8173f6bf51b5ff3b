package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.decide.CrashLoopBackoff;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.cgroup.Cgroups;
import dev.berth.runtime.local.internal.logs.ReplicaLogs;
import dev.berth.runtime.local.internal.probe.Prober;
import dev.berth.runtime.local.internal.proc.ProcessLauncher;
import dev.berth.runtime.local.internal.proc.Signaller;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything a {@link ReplicaSupervisor} talks to, each a port with a real and a fake
 * implementation, so the state machine runs in tests without processes or real time.
 *
 * @param launches runs process starts off the supervisor thread, several at once (see {@link
 *     ReplicaSupervisor}); tests pass {@code Runnable::run}
 * @param parentEnv the control plane's environment, which replicas inherit minus {@code BERTH_*}
 * @param installation the data directory's marker and the replicas' private directories
 * @param accounts the machine's users, for services with a {@code user}
 * @param sink receives every new status, on the supervisor thread, in order
 */
public record SupervisorPorts(
    Clock clock,
    Scheduler scheduler,
    java.util.concurrent.Executor launches,
    ProcessLauncher launcher,
    Signaller signaller,
    Prober prober,
    Cgroups cgroups,
    PortAllocator ports,
    ReplicaLogs logs,
    CrashLoopBackoff backoff,
    Tuning tuning,
    Map<String, String> parentEnv,
    Installation installation,
    Accounts accounts,
    Consumer<ReplicaStatus> sink) {

  public SupervisorPorts {
    parentEnv = Map.copyOf(parentEnv);
  }

  public SupervisorPorts withSink(Consumer<ReplicaStatus> s) {
    return new SupervisorPorts(
        clock,
        scheduler,
        launches,
        launcher,
        signaller,
        prober,
        cgroups,
        ports,
        logs,
        backoff,
        tuning,
        parentEnv,
        installation,
        accounts,
        s);
  }
}
