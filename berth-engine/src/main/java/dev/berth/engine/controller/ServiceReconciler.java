package dev.berth.engine.controller;

import dev.berth.core.decide.Admission;
import dev.berth.core.decide.ReplicaSetDecision;
import dev.berth.core.model.Resources;
import dev.berth.engine.queue.Reconciler;
import dev.berth.engine.queue.Result;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the replicas of one service in line with its desired state — the ReplicaSet controller.
 *
 * <p>One reconcile: read the service, its replica records and the runtime's latest statuses; fold
 * the statuses into the records (with events); forget replicas that are gone; decide creations and
 * stops ({@link ReplicaSetDecision}); admit pending replicas while they fit the node ({@link
 * Admission}); write all of it in one transaction; only then tell the runtime to ensure or stop
 * replicas. Because the records are written before the runtime acts, a control plane killed at any
 * point restarts into a state from which the same reconcile finishes the job: a replica the runtime
 * never heard of is ensured, one it runs is adopted through its recorded incarnation.
 */
public final class ServiceReconciler implements Reconciler<ServiceKey> {

  /** Look again this often while replicas wait for capacity, in case an event was missed. */
  static final Duration PENDING_RECHECK = Duration.ofSeconds(10);

  private final Store store;
  private final Runtime runtime;
  private final RuntimeCache cache;
  private final EventBus bus;
  private final ReplicaIds ids;
  private final Clock clock;
  private final Duration stopGrace;

  public ServiceReconciler(
      Store store,
      Runtime runtime,
      RuntimeCache cache,
      EventBus bus,
      ReplicaIds ids,
      Clock clock,
      Duration stopGrace) {
    this.store = store;
    this.runtime = runtime;
    this.cache = cache;
    this.bus = bus;
    this.ids = ids;
    this.clock = clock;
    this.stopGrace = stopGrace;
  }

  /** Runtime calls decided inside the transaction, made after it commits. */
  private record Actions(
      List<ReplicaSpec> ensure,
      List<ReplicaRecord> stop,
      List<String> forget,
      List<Event> events,
      boolean pending) {}

  @Override
  public Result reconcile(ServiceKey key) {
    Instant now = clock.instant();
    Actions actions = store.write(tx -> decide(tx, key, now));
    actions.forget().forEach(cache::forget); // only once their records are gone for good
    bus.publish(actions.events());
    for (ReplicaRecord r : actions.stop()) {
      cache.own(r.id(), key);
      runtime.stop(r.id(), r.incarnation(), stopGrace);
    }
    for (ReplicaSpec spec : actions.ensure()) {
      cache.own(spec.id(), key);
      runtime.ensure(spec);
    }
    cache.setWaitingForCapacity(key, actions.pending());
    return actions.pending() ? Result.requeueAfter(PENDING_RECHECK) : Result.done();
  }

  private Actions decide(StoreTx tx, ServiceKey key, Instant now) {
    List<Event> events = new ArrayList<>();
    List<String> forget = new ArrayList<>();
    Optional<ServiceRecord> service = tx.services().get(key);
    Optional<EnvironmentRecord> env = tx.environments().get(key.environmentKey());
    List<ReplicaRecord> replicas = observe(tx, key, now, events, forget);

    String hash = service.map(ServiceRecord::templateHash).orElse("");
    int desired = service.isPresent() && env.isPresent() ? service.get().desiredReplicas() : 0;
    ReplicaSetDecision.Plan plan = ReplicaSetDecision.decide(hash, desired, views(replicas));

    List<ReplicaRecord> stop = new ArrayList<>();
    List<ReplicaRecord> live = new ArrayList<>();
    for (ReplicaRecord r : replicas) {
      if (plan.stop().contains(r.id())) {
        ReplicaRecord s = r.withStopRequested(now);
        if (r.state() == ReplicaState.PENDING) {
          tx.replicas().delete(r.id());
          forget.add(r.id());
          events.add(Event.of(now, key, r.id(), "ReplicaRemoved", "removed before it was placed"));
          continue;
        }
        tx.replicas().put(s);
        events.add(Event.of(now, key, r.id(), "ReplicaStopping", stopReason(r, hash, desired)));
        stop.add(s);
      } else if (r.stopRequested()) {
        if (cache.status(r.id()).map(st -> st.state() != ReplicaState.TERMINATING).orElse(true)) {
          stop.add(r); // not confirmed stopping (e.g. after a control-plane restart): ask again
        }
      } else {
        live.add(r);
      }
    }
    Set<String> taken = new HashSet<>();
    replicas.forEach(r -> taken.add(r.id()));
    for (int i = 0; i < plan.create(); i++) {
      String id = ids.next(key.service());
      while (!taken.add(id) || tx.replicas().get(id).isPresent()) {
        id = ids.next(key.service());
      }
      ReplicaRecord r = ReplicaRecord.pending(id, key, hash, service.get().spec().resources(), now);
      tx.replicas().put(r);
      events.add(
          Event.of(
              now, key, id, "ReplicaCreated", "replica of release " + service.get().release()));
      live.add(r);
    }

    List<ReplicaSpec> ensure = new ArrayList<>();
    boolean pending = false;
    if (service.isPresent() && env.isPresent()) {
      pending = admitAndEnsure(tx, env.get(), service.get(), live, now, events, ensure);
    }
    events.replaceAll(e -> tx.events().append(e));
    return new Actions(ensure, stop, forget, events, pending);
  }

  /** Folds runtime statuses into records; deletes records of replicas that are gone. */
  private List<ReplicaRecord> observe(
      StoreTx tx, ServiceKey key, Instant now, List<Event> events, List<String> forget) {
    List<ReplicaRecord> out = new ArrayList<>();
    for (ReplicaRecord r : tx.replicas().list(key)) {
      cache.own(r.id(), key);
      Optional<ReplicaStatus> status = cache.status(r.id());
      if (status.isEmpty() || r.state() == ReplicaState.PENDING) {
        out.add(r);
        continue;
      }
      ReplicaTransitions.Outcome o = ReplicaTransitions.apply(r, status.get(), now);
      events.addAll(o.events());
      ReplicaRecord u = o.record();
      if (u.state() == ReplicaState.TERMINATED) {
        tx.replicas().delete(u.id());
        forget.add(u.id());
        if (!r.stopRequested()) {
          events.add(
              Event.of(
                  now, key, u.id(), "ReplicaLost", "the runtime no longer runs it; replacing it"));
        }
        continue;
      }
      if (u != r) {
        tx.replicas().put(u);
      }
      out.add(u);
    }
    return out;
  }

  /**
   * Admits pending replicas in creation order while they fit, and lists every placed replica the
   * runtime does not know yet (new, or left by an earlier control plane) to ensure. Returns whether
   * some replica still waits for capacity.
   */
  private boolean admitAndEnsure(
      StoreTx tx,
      EnvironmentRecord env,
      ServiceRecord service,
      List<ReplicaRecord> live,
      Instant now,
      List<Event> events,
      List<ReplicaSpec> ensure) {
    NodeCapacity node = runtime.nodes().get(0);
    long usedCpu = 0;
    long usedMem = 0;
    for (ReplicaRecord r : tx.replicas().all()) {
      if (r.state() != ReplicaState.PENDING && r.state() != ReplicaState.TERMINATED) {
        usedCpu += r.cpuMillis(); // what it was admitted with, whatever its service says now
        usedMem += r.memoryBytes();
      }
    }
    boolean pending = false;
    for (ReplicaRecord r : live) {
      if (r.state() == ReplicaState.PENDING) {
        Admission.Verdict v =
            Admission.decide(
                node.name(),
                node.allocatableCpuMillis(),
                node.allocatableMemoryBytes(),
                usedCpu,
                usedMem,
                new Resources(r.cpuMillis(), r.memoryBytes(), 0, 0));
        if (!v.fits()) {
          pending = true;
          if (!v.reason().equals(r.reason()) || !v.message().equals(r.message())) {
            tx.replicas().put(r.withPending(v.reason(), v.message(), now));
            events.add(Event.of(now, service.key(), r.id(), "FailedScheduling", v.message()));
          }
          continue;
        }
        usedCpu += r.cpuMillis();
        usedMem += r.memoryBytes();
        ReplicaRecord placed = r.withNode(node.name(), now);
        tx.replicas().put(placed);
        events.add(
            Event.of(now, service.key(), r.id(), "Scheduled", "placed on node " + node.name()));
        ensure.add(ReplicaSpecs.of(env, service, placed));
      } else if (cache.status(r.id()).isEmpty()) {
        ensure.add(ReplicaSpecs.of(env, service, r));
      }
    }
    return pending;
  }

  private static String stopReason(ReplicaRecord r, String hash, int desired) {
    if (desired == 0) {
      return "service stopped, scaled to 0 or removed";
    }
    if (!r.templateHash().equals(hash)) {
      return "replaced by the new version of the service";
    }
    return "scaled down";
  }

  private static List<ReplicaSetDecision.Replica> views(List<ReplicaRecord> replicas) {
    List<ReplicaSetDecision.Replica> out = new ArrayList<>();
    for (ReplicaRecord r : replicas) {
      out.add(
          new ReplicaSetDecision.Replica(
              r.id(),
              r.templateHash(),
              r.state() != ReplicaState.PENDING,
              r.ready(),
              r.stopRequested(),
              r.createdAt()));
    }
    return out;
  }
}
