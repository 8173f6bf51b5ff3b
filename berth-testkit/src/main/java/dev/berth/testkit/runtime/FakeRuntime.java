package dev.berth.testkit.runtime;

import dev.berth.engine.runtime.ExitInfo;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A runtime whose replicas do exactly what the test says. {@link #ensure} makes a replica STARTING
 * with a fake pid (or adopts its last known incarnation when the test declared that process alive
 * with {@link #leaveRunning}); the test then moves it with {@link #ready}, {@link #crash}, {@link
 * #exit}. {@link #stop} makes it TERMINATING; {@link #finishStopping} completes it. Every change is
 * reported to watchers synchronously, on the caller's thread.
 *
 * <p>It models the machine apart from the runtime instance: {@link #forgetAllButProcesses()} is a
 * control-plane restart, after which this instance knows no replica and has no watcher, and only
 * processes survive, as {@link #leftovers()} (exactly what a real runtime finds on the machine).
 */
public final class FakeRuntime implements Runtime {
  private final Clock clock;
  private final Map<String, ReplicaStatus> replicas = new LinkedHashMap<>();
  private final Map<String, ReplicaSpec> specs = new LinkedHashMap<>();
  private final Map<Long, Leftover> aliveLeftovers = new LinkedHashMap<>();
  private final List<Consumer<ReplicaStatus>> watchers = new CopyOnWriteArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final AtomicLong pids = new AtomicLong(1000);
  private NodeCapacity node =
      new NodeCapacity("local", 2000, 4L << 30, 1750, (4L << 30) - (512L << 20));
  private boolean autoReady;

  public FakeRuntime(Clock clock) {
    this.clock = clock;
  }

  /** Replicas become ready as soon as they are ensured (for tests that do not care). */
  public FakeRuntime autoReady() {
    this.autoReady = true;
    return this;
  }

  public synchronized FakeRuntime withNode(NodeCapacity capacity) {
    this.node = capacity;
    return this;
  }

  /**
   * Declares a process of replica {@code id}, started by a dead control plane, still alive: it is
   * one of the {@link #leftovers()}, and an ensure with that exact incarnation adopts it.
   */
  public synchronized void leaveRunning(String id, Incarnation incarnation) {
    aliveLeftovers.put(incarnation.pid(), new Leftover(id, incarnation));
    replicas.remove(id);
  }

  /** A leftover process died while no control plane watched it: it can no longer be adopted. */
  public synchronized void processGone(long pid) {
    aliveLeftovers.remove(pid);
  }

  /**
   * Simulates a restart of the control plane (a kill -9): the runtime instance forgets every
   * replica and watcher; the processes that ran survive as {@link #leftovers()}.
   */
  public synchronized void forgetAllButProcesses() {
    for (ReplicaStatus s : replicas.values()) {
      if (s.incarnation() != null && s.state().isLive()) {
        aliveLeftovers.put(s.incarnation().pid(), new Leftover(s.id(), s.incarnation()));
      }
    }
    replicas.clear();
    specs.clear();
    calls.clear();
    watchers.clear();
  }

  /** Pids of processes left by a dead control plane that are still alive and not adopted. */
  public synchronized List<Long> leftoverPids() {
    return List.copyOf(aliveLeftovers.keySet());
  }

  /**
   * Processes left by a dead control plane that this instance neither started nor adopted, one per
   * replica (the first declared), as a local runtime finds them in {@code /proc}.
   */
  @Override
  public synchronized List<Leftover> leftovers() {
    Map<String, Leftover> perReplica = new LinkedHashMap<>();
    for (Leftover l : aliveLeftovers.values()) {
      if (!replicas.containsKey(l.replicaId())) {
        perReplica.putIfAbsent(l.replicaId(), l);
      }
    }
    return List.copyOf(perReplica.values());
  }

  private final List<String> prepared = new ArrayList<>();

  /** Records the hint; nothing runs until {@link #ensure}. */
  @Override
  public synchronized void prepare(ReplicaSpec spec) {
    prepared.add(spec.id());
  }

  /** The replica ids {@link #prepare} was told of, in order (not in {@link #calls()}). */
  public synchronized List<String> prepared() {
    return List.copyOf(prepared);
  }

  @Override
  public synchronized void ensure(ReplicaSpec spec) {
    calls.add("ensure " + spec.id());
    if (replicas.containsKey(spec.id())) {
      return;
    }
    specs.put(spec.id(), spec);
    Incarnation inc;
    Leftover known = spec.lastKnown() == null ? null : aliveLeftovers.get(spec.lastKnown().pid());
    boolean adopted = known != null && known.incarnation().equals(spec.lastKnown());
    if (adopted) {
      aliveLeftovers.remove(spec.lastKnown().pid()); // that exact process
    }
    if (adopted) {
      inc = spec.lastKnown();
      calls.add("adopt " + spec.id());
    } else {
      inc =
          new Incarnation(
              pids.incrementAndGet(), 1, spec.needsPort() ? 20000 + (int) (pids.get() % 1000) : 0);
    }
    report(
        status(
            spec.id(),
            adopted ? ReplicaState.RUNNING : ReplicaState.STARTING,
            adopted || autoReady,
            0,
            inc,
            null));
  }

  @Override
  public synchronized void stop(String replicaId, Incarnation lastKnown, Duration grace) {
    calls.add("stop " + replicaId);
    ReplicaStatus s = replicas.get(replicaId);
    if (s == null) {
      if (lastKnown != null) {
        aliveLeftovers.remove(lastKnown.pid());
      }
      report(status(replicaId, ReplicaState.TERMINATED, false, 0, null, null));
      return;
    }
    if (s.state() == ReplicaState.TERMINATED || s.state() == ReplicaState.TERMINATING) {
      return;
    }
    report(with(s, ReplicaState.TERMINATING, false));
  }

  /** Completes a stop: the process exited. */
  public synchronized void finishStopping(String id) {
    ReplicaStatus s = replicas.get(id);
    report(
        new ReplicaStatus(
            id,
            ReplicaState.TERMINATED,
            false,
            s.restarts(),
            null,
            "local",
            s.startedAt(),
            "",
            "",
            new ExitInfo(143, "Killed", "stopped", clock.instant()),
            null,
            -1,
            -1));
  }

  /** Completes every pending stop. */
  public synchronized void finishAllStopping() {
    for (ReplicaStatus s : List.copyOf(replicas.values())) {
      if (s.state() == ReplicaState.TERMINATING) {
        finishStopping(s.id());
      }
    }
  }

  /**
   * The runtime samples the replica's usage: {@code cpuMillis} millicores, {@code memoryBytes}
   * resident ({@code -1}: not sampled).
   */
  public synchronized void usage(String id, long cpuMillis, long memoryBytes) {
    ReplicaStatus s = replicas.get(id);
    report(
        new ReplicaStatus(
            s.id(),
            s.state(),
            s.ready(),
            s.restarts(),
            s.incarnation(),
            s.node(),
            s.startedAt(),
            s.reason(),
            s.message(),
            s.lastExit(),
            s.nextStartAt(),
            cpuMillis,
            memoryBytes));
  }

  /** The replica passes its readiness probe. */
  public synchronized void ready(String id) {
    ReplicaStatus s = replicas.get(id);
    report(with(s, ReplicaState.RUNNING, true));
  }

  /**
   * The replica's process exits on its own with {@code code}, as the real runtime reports it: a
   * run-once replica ({@link dev.berth.engine.runtime.RestartPolicy#NEVER}) ends TERMINATED with
   * the exit (reason {@code Completed} for 0, else {@code Error}); any other goes into back-off.
   */
  public synchronized void exit(String id, int code) {
    crash(id, code, code == 0 ? "Completed" : "Error");
  }

  /**
   * The replica's process exits with {@code code}; it goes into back-off, then restarts, unless it
   * runs once: then it ends TERMINATED with this exit.
   */
  public synchronized void crash(String id, int code, String reason) {
    ReplicaStatus s = replicas.get(id);
    ExitInfo exit = new ExitInfo(code, reason, "", clock.instant());
    ReplicaSpec spec = specs.get(id);
    if (spec != null && spec.restart() == dev.berth.engine.runtime.RestartPolicy.NEVER) {
      report(
          new ReplicaStatus(
              id,
              ReplicaState.TERMINATED,
              false,
              s.restarts(),
              null,
              "local",
              s.startedAt(),
              reason,
              "",
              exit,
              null,
              -1,
              -1));
      return;
    }
    report(
        new ReplicaStatus(
            id,
            ReplicaState.BACKOFF,
            false,
            s.restarts(),
            null,
            "local",
            s.startedAt(),
            "CrashLoopBackOff",
            "",
            exit,
            clock.instant().plusSeconds(1),
            -1,
            -1));
  }

  /** The back-off is over: the replica runs again with a new process. */
  public synchronized void restart(String id) {
    ReplicaStatus s = replicas.get(id);
    Incarnation inc = new Incarnation(pids.incrementAndGet(), 1, s.port());
    report(
        new ReplicaStatus(
            id,
            ReplicaState.STARTING,
            false,
            s.restarts() + 1,
            inc,
            "local",
            clock.instant(),
            "",
            "",
            s.lastExit(),
            null,
            -1,
            -1));
  }

  /** Terminates a replica without being asked (the runtime lost it). */
  public synchronized void vanish(String id) {
    ReplicaStatus s = replicas.get(id);
    report(with(s, ReplicaState.TERMINATED, false));
  }

  public synchronized ReplicaStatus status(String id) {
    return replicas.get(id);
  }

  public synchronized ReplicaSpec spec(String id) {
    return specs.get(id);
  }

  /** Every ensure/stop/adopt call so far, in order, e.g. {@code "ensure web-1"}. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** Ids of replicas in one of the given states. */
  public synchronized List<String> ids(ReplicaState... states) {
    List<String> out = new ArrayList<>();
    for (ReplicaStatus s : replicas.values()) {
      for (ReplicaState st : states) {
        if (s.state() == st) {
          out.add(s.id());
        }
      }
    }
    return out;
  }

  @Override
  public synchronized List<ReplicaStatus> list() {
    return List.copyOf(replicas.values());
  }

  @Override
  public synchronized List<NodeCapacity> nodes() {
    return List.of(node);
  }

  @Override
  public void watch(Consumer<ReplicaStatus> listener) {
    watchers.add(listener);
  }

  private ReplicaStatus status(
      String id, ReplicaState st, boolean ready, int restarts, Incarnation inc, ExitInfo exit) {
    return new ReplicaStatus(
        id,
        st,
        ready,
        restarts,
        inc,
        "local",
        inc == null ? null : clock.instant(),
        "",
        "",
        exit,
        null,
        -1,
        -1);
  }

  private static ReplicaStatus with(ReplicaStatus s, ReplicaState st, boolean ready) {
    return new ReplicaStatus(
        s.id(),
        st,
        ready,
        s.restarts(),
        st == ReplicaState.TERMINATED ? null : s.incarnation(),
        s.node(),
        s.startedAt(),
        s.reason(),
        s.message(),
        s.lastExit(),
        null,
        s.cpuMillis(),
        s.memoryBytes());
  }

  private void report(ReplicaStatus s) {
    replicas.put(s.id(), s);
    for (Consumer<ReplicaStatus> w : watchers) {
      w.accept(s);
    }
  }
}
