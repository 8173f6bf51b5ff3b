package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All replica supervisors of one runtime. {@code ensure} and {@code stop} only enqueue work on the
 * supervisor thread and return at once; the supervisors map is touched only there. Statuses are
 * published into an immutable snapshot (replaced atomically, so {@link #list()} is consistent) and
 * to the listeners, in order. Terminated replicas are dropped after the retention.
 */
public final class ReplicaRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaRegistry.class);

  private final SupervisorPorts ports;
  private final Duration terminatedRetention;
  private final UsageReader usageReader;
  private final Executor sampler;
  private final Map<String, ReplicaSupervisor> supervisors = new HashMap<>();
  private final AtomicReference<Map<String, ReplicaStatus>> snapshot =
      new AtomicReference<>(Map.of());
  private final List<Consumer<ReplicaStatus>> listeners = new CopyOnWriteArrayList<>();

  /** Set on the supervisor thread once the shutdown began: nothing starts any more. */
  private boolean shuttingDown;

  /** Starts set up ahead ({@link #prepare}); claimed by the supervisors' first launch. */
  private final Preparations preparations = new Preparations();

  /** Releases preparations on the supervisor thread when their start does not come. */
  private final RunStarter starter;

  /** How long a preparation waits for its start before it is released. */
  static final Duration PREPARED_TTL = Duration.ofMinutes(2);

  /**
   * @param ports the supervisors' ports (their sink is replaced by this registry's)
   * @param usageReader reads usage samples
   * @param sampler runs the reads off the supervisor thread
   */
  public ReplicaRegistry(
      SupervisorPorts ports,
      Duration terminatedRetention,
      UsageReader usageReader,
      Executor sampler) {
    this.ports = ports.withSink(this::onStatus);
    this.terminatedRetention = terminatedRetention;
    this.usageReader = usageReader;
    this.sampler = sampler;
    this.starter = new RunStarter(this.ports);
  }

  /**
   * Sets up the start of {@code spec} ahead (log pipe, drain, cgroup) on the launch pool, so that
   * its {@link #ensure} later only starts the process. Ignored for a replica that runs already or
   * was prepared; released after {@link #PREPARED_TTL} if no ensure came.
   */
  public void prepare(ReplicaSpec spec) {
    ports.scheduler().execute(() -> prepareNow(spec));
  }

  private void prepareNow(ReplicaSpec spec) {
    ReplicaSupervisor s = supervisors.get(spec.id());
    if (shuttingDown || (s != null && s.state() != ReplicaState.TERMINATED)) {
      return;
    }
    preparations
        .offer(spec)
        .ifPresent(
            e -> {
              try {
                ports.launches().execute(() -> preparations.run(e, starter));
              } catch (RejectedExecutionException ex) {
                LOG.debug("launch pool closed; {} not prepared", spec.id());
              }
              ports.scheduler().schedule(PREPARED_TTL, () -> preparations.expire(e, starter));
            });
  }

  public void ensure(ReplicaSpec spec) {
    ports.scheduler().execute(() -> ensureNow(spec));
  }

  private void ensureNow(ReplicaSpec spec) {
    if (shuttingDown) {
      LOG.debug("not starting {}: the runtime is shutting down", spec.id());
      return;
    }
    ReplicaSupervisor s = supervisors.get(spec.id());
    if (s != null && s.state() != ReplicaState.TERMINATED) {
      return;
    }
    s = new ReplicaSupervisor(spec, ports, preparations);
    supervisors.put(spec.id(), s);
    s.begin();
  }

  public void stop(String replicaId, Incarnation lastKnown, Duration grace) {
    ports.scheduler().execute(() -> stopNow(replicaId, lastKnown, grace));
  }

  private void stopNow(String replicaId, Incarnation lastKnown, Duration grace) {
    ReplicaSupervisor s = supervisors.get(replicaId);
    if (s == null) {
      s = ReplicaSupervisor.leftover(replicaId, ports);
      supervisors.put(replicaId, s);
      s.stopLeftover(lastKnown, grace);
    } else {
      s.stop(grace);
    }
  }

  /**
   * Starts the runtime's shutdown: every supervisor stops ({@link
   * ReplicaSupervisor#stopForShutdown}) without signalling on its own, and the future completes
   * with the process groups a {@link ShutdownStopper} must end (those still being started once they
   * are). From then on {@code ensure} starts nothing, so no replica can start behind the shutdown's
   * back and outlive the control plane.
   */
  public CompletableFuture<List<ShutdownTarget>> beginShutdown(Duration grace) {
    CompletableFuture<List<ShutdownTarget>> targets = new CompletableFuture<>();
    ports
        .scheduler()
        .execute(
            () -> {
              shuttingDown = true;
              preparations.expireAll(starter);
              List<CompletableFuture<Optional<ShutdownTarget>>> each = new ArrayList<>();
              for (ReplicaSupervisor s : new ArrayList<>(supervisors.values())) {
                each.add(s.stopForShutdown(grace));
              }
              // a start on its way gives its group once it has landed (on this thread, soon)
              CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                  .thenRun(
                      () -> {
                        List<ShutdownTarget> out = new ArrayList<>();
                        each.forEach(f -> f.join().ifPresent(out::add));
                        targets.complete(out);
                      });
            });
    return targets;
  }

  public List<ReplicaStatus> list() {
    List<ReplicaStatus> out = new ArrayList<>(snapshot.get().values());
    out.sort(Comparator.comparing(ReplicaStatus::id));
    return out;
  }

  public void watch(Consumer<ReplicaStatus> listener) {
    listeners.add(listener);
  }

  private void onStatus(ReplicaStatus st) {
    Map<String, ReplicaStatus> next = new LinkedHashMap<>(snapshot.get());
    next.put(st.id(), st);
    snapshot.set(Map.copyOf(next));
    for (Consumer<ReplicaStatus> l : listeners) {
      try {
        l.accept(st);
      } catch (RuntimeException e) {
        LOG.warn("replica status listener failed on {}", st.id(), e);
      }
    }
    if (st.state() == ReplicaState.TERMINATED) {
      ports.scheduler().schedule(terminatedRetention, () -> purge(st));
    }
  }

  private void purge(ReplicaStatus st) {
    if (snapshot.get().get(st.id()) != st) {
      return; // replaced: the replica was ensured again
    }
    ReplicaSupervisor s = supervisors.get(st.id());
    if (s != null && s.state() == ReplicaState.TERMINATED) {
      supervisors.remove(st.id());
    }
    Map<String, ReplicaStatus> next = new LinkedHashMap<>(snapshot.get());
    next.remove(st.id());
    snapshot.set(Map.copyOf(next));
  }

  /** Samples usage of every running replica (call on the supervisor thread, periodically). */
  public void sampleUsage() {
    List<UsageTarget> targets = new ArrayList<>();
    for (ReplicaSupervisor s : supervisors.values()) {
      s.usageTarget().ifPresent(targets::add);
    }
    if (targets.isEmpty()) {
      return;
    }
    try {
      sampler.execute(
          () -> {
            Map<String, Usage> read = usageReader.read(targets);
            ports.scheduler().execute(() -> deliver(targets, read));
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("sampler closed");
    }
  }

  private void deliver(List<UsageTarget> targets, Map<String, Usage> read) {
    for (UsageTarget t : targets) {
      Usage u = read.get(t.replicaId());
      ReplicaSupervisor s = supervisors.get(t.replicaId());
      if (u != null && s != null) {
        s.onUsage(t.seq(), u);
      }
    }
  }
}
