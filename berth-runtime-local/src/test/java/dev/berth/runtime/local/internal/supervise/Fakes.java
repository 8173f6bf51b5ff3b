package dev.berth.runtime.local.internal.supervise;

import dev.berth.core.model.Resources;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.runtime.local.internal.cgroup.CgroupHandle;
import dev.berth.runtime.local.internal.cgroup.Cgroups;
import dev.berth.runtime.local.internal.logs.ReplicaLogs;
import dev.berth.runtime.local.internal.probe.ProbeRequest;
import dev.berth.runtime.local.internal.probe.Prober;
import dev.berth.runtime.local.internal.proc.LaunchException;
import dev.berth.runtime.local.internal.proc.LaunchRequest;
import dev.berth.runtime.local.internal.proc.ProcessLauncher;
import dev.berth.runtime.local.internal.proc.RunningProcess;
import dev.berth.runtime.local.internal.proc.Signaller;
import dev.berth.runtime.local.internal.proc.Usage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Fakes of the supervisor's ports: they record what was asked and let the test decide. */
public final class Fakes {
  private Fakes() {}

  public static final class FakeProcess implements RunningProcess {
    final long pid;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    FakeProcess(long pid) {
      this.pid = pid;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public long startTicks() {
      return pid * 10;
    }

    @Override
    public Instant startedAt() {
      return null;
    }

    @Override
    public boolean isAlive() {
      return !exit.isDone();
    }

    @Override
    public CompletableFuture<Integer> exit() {
      return exit;
    }

    public void exits(int code) {
      exit.complete(code);
    }
  }

  public static final class FakeLauncher implements ProcessLauncher {
    public final List<LaunchRequest> launched = new ArrayList<>();
    public final List<FakeProcess> processes = new ArrayList<>();
    final Map<Long, FakeProcess> adoptable = new HashMap<>();
    String failWith;
    long nextPid = 1000;

    @Override
    public RunningProcess launch(LaunchRequest request) throws LaunchException {
      if (failWith != null) {
        throw new LaunchException(failWith);
      }
      launched.add(request);
      FakeProcess p = new FakeProcess(nextPid++);
      processes.add(p);
      return p;
    }

    @Override
    public Optional<RunningProcess> adopt(Incarnation inc) {
      FakeProcess p = adoptable.get(inc.pid());
      return p != null && p.startTicks() == inc.startTicks() && p.isAlive()
          ? Optional.of(p)
          : Optional.empty();
    }

    public FakeProcess last() {
      return processes.get(processes.size() - 1);
    }
  }

  public record Sent(long pgid, Signaller.Signal signal) {}

  public static final class FakeSignaller implements Signaller {
    public final List<Sent> sent = new ArrayList<>();

    @Override
    public void signalGroup(long pgid, Signal signal) {
      sent.add(new Sent(pgid, signal));
      if (signal == Signal.KILL) {
        aliveGroups.remove(pgid);
      }
    }

    /** Groups that outlive their leader (a shell that died before the app it started). */
    public final java.util.Set<Long> aliveGroups = new java.util.HashSet<>();

    @Override
    public boolean groupAlive(long pgid) {
      return aliveGroups.contains(pgid);
    }
  }

  public static final class FakeProber implements Prober {
    final Deque<CompletableFuture<Boolean>> pending = new ArrayDeque<>();
    final List<ProbeRequest> requests = new ArrayList<>();

    @Override
    public CompletableFuture<Boolean> probe(ProbeRequest request) {
      requests.add(request);
      CompletableFuture<Boolean> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    /** Completes the oldest pending probe. */
    void answer(boolean ok) {
      pending.removeFirst().complete(ok);
    }
  }

  public static final class FakeCgroup implements CgroupHandle {
    long oomKills;
    int killAlls;
    boolean released;
    Usage usage = Usage.UNKNOWN;

    @Override
    public List<Path> procsFiles() {
      return List.of(Path.of("/fake/cgroup.procs"));
    }

    @Override
    public long oomKills() {
      return oomKills;
    }

    @Override
    public Usage usage() {
      return usage;
    }

    @Override
    public void killAll() {
      killAlls++;
    }

    @Override
    public void release() {
      released = true;
    }
  }

  public static class FakeCgroups implements Cgroups {
    final List<FakeCgroup> created = new ArrayList<>();
    boolean enabled = true;

    @Override
    public String kind() {
      return "fake";
    }

    @Override
    public Optional<CgroupHandle> create(String replicaId, Resources resources) {
      if (!enabled) {
        return Optional.empty();
      }
      FakeCgroup c = new FakeCgroup();
      created.add(c);
      return Optional.of(c);
    }

    @Override
    public Optional<CgroupHandle> open(String replicaId) {
      return Optional.empty();
    }

    FakeCgroup last() {
      return created.get(created.size() - 1);
    }
  }

  public static class FakeLogs implements ReplicaLogs {
    final List<String> tail = new ArrayList<>();
    final List<String> watched = new ArrayList<>();
    long end;

    @Override
    public Path prepare(String project, String environment, String service, String replicaId) {
      return Path.of("/fake/logs", project, environment, service, replicaId + ".log");
    }

    @Override
    public long logicalEnd(String replicaId) {
      return end;
    }

    @Override
    public void watch(String replicaId) {
      watched.add(replicaId);
    }

    /** The outputs drained for processes this control plane did not start. */
    final List<Path> outputs = new ArrayList<>();

    /** When set, {@link #watch(String, Path)} fails with it. */
    IOException failAdopted;

    @Override
    public void watch(String replicaId, Path output) throws IOException {
      if (failAdopted != null) {
        throw failAdopted;
      }
      watched.add(replicaId);
      outputs.add(output);
    }

    @Override
    public void unwatch(String replicaId) {
      watched.remove(replicaId);
    }

    @Override
    public List<String> tail(String replicaId, long fromLogical, int maxLines) {
      return tail;
    }
  }

  /** Ports 20000, 20001, ...: always different from the previous one. */
  public static final class CountingPorts implements PortAllocator {
    int next = 20000;

    @Override
    public int next(int previous) {
      return next++;
    }
  }
}
