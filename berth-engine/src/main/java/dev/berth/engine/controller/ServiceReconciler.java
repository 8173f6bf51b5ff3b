package dev.berth.engine.controller;

import dev.berth.core.decide.Admission;
import dev.berth.core.rollout.RolloutPlan;
import dev.berth.engine.queue.Reconciler;
import dev.berth.engine.queue.Result;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.NodeUsage;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps the replicas of one service in line with its desired state — the ReplicaSet controller.
 *
 * <p>One reconcile: read the service, its replica records and the runtime's latest statuses; fold
 * the statuses into the records (with events); forget replicas that are gone; decide creations and
 * stops ({@link Rollouts}: the rollout decision with the service's deploy settings); admit pending
 * replicas while they fit the node ({@link Admission}); write all of it in one transaction; only
 * then tell the runtime to ensure or stop replicas. Because the records are written before the
 * runtime acts, a control plane killed at any point restarts into a state from which the same
 * reconcile finishes the job: a replica the runtime never heard of is ensured, one it runs is
 * adopted through its recorded incarnation.
 */
public final class ServiceReconciler implements Reconciler<ServiceKey> {

  /**
   * Look again this often while replicas wait for capacity, in case a wake-up was missed. Waiting
   * services are woken when a placed replica's record is deleted ({@link
   * RuntimeCache#capacityFreed}) and when their own replicas change, so this is only a safety net;
   * with a thousand waiting services it costs a thousand reconciles per period.
   */
  static final Duration PENDING_RECHECK = Duration.ofSeconds(60);

  private final Store store;
  private final Runtime runtime;
  private final RuntimeCache cache;
  private final EventBus bus;
  private final ReplicaIds ids;
  private final Clock clock;
  private final Duration stopGrace;
  private final Consumer<EnvironmentKey> reconciled;

  /**
   * @param reconciled told the environment of every service reconciled, so the release controller
   *     can see whether a deploying release has converged (its queue dedupes)
   */
  public ServiceReconciler(
      Store store,
      Runtime runtime,
      RuntimeCache cache,
      EventBus bus,
      ReplicaIds ids,
      Clock clock,
      Duration stopGrace,
      Consumer<EnvironmentKey> reconciled) {
    this.store = store;
    this.runtime = runtime;
    this.cache = cache;
    this.bus = bus;
    this.ids = ids;
    this.clock = clock;
    this.stopGrace = stopGrace;
    this.reconciled = reconciled;
  }

  /** Runtime calls decided inside the transaction, made after it commits. */
  private record Actions(
      List<ReplicaSpec> ensure,
      List<ReplicaRecord> stop,
      List<String> forget,
      List<Event> events,
      boolean pending,
      boolean freed,
      Instant recheckAt) {}

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
    if (actions.freed()) {
      cache.capacityFreed(); // now that the record is gone, services waiting for room may fit
    }
    reconciled.accept(key.environmentKey());
    Duration after = actions.pending() ? PENDING_RECHECK : null;
    if (actions.recheckAt() != null) {
      Duration d = Duration.between(now, actions.recheckAt());
      d = d.isNegative() ? Duration.ZERO : d;
      after = after == null || d.compareTo(after) < 0 ? d : after;
    }
    return after == null ? Result.done() : Result.requeueAfter(after);
  }

  private Actions decide(StoreTx tx, ServiceKey key, Instant now) {
    List<Event> events = new ArrayList<>();
    List<String> forget = new ArrayList<>();
    Optional<ServiceRecord> service = tx.services().get(key);
    // the source directory only: the environment's stored spec grows with its services
    Optional<String> env = tx.environments().sourceDir(key.environmentKey());
    int before = forget.size();
    List<ReplicaRecord> replicas = observe(tx, key, now, events, forget);
    boolean freed = forget.size() > before; // observe forgets only replicas that had been placed

    String hash = service.map(ServiceRecord::templateHash).orElse("");
    int desired = service.isPresent() && env.isPresent() ? service.get().desiredReplicas() : 0;
    RolloutPlan plan = Rollouts.decide(tx, service, key, hash, desired, replicas, now);

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
      pending =
          admitAndEnsure(tx, env.get(), service.get(), replicas, live, now, events, stop, ensure);
    }
    events.replaceAll(e -> tx.events().append(e));
    return new Actions(ensure, stop, forget, events, pending, freed, plan.recheckAt());
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
   * Admits pending replicas in creation order ({@link Admission#plan}), from the node's kept usage
   * (one row, not every replica of the machine) and this service's replicas only; stops outdated
   * replicas of this service one-for-one when the node cannot run both versions; and lists every
   * placed replica the runtime does not know yet (new, or left by an earlier control plane) to
   * ensure. An event is written when a pending replica's reason changes, not on every recheck.
   * Returns whether some replica still waits.
   */
  private boolean admitAndEnsure(
      StoreTx tx,
      String sourceDir,
      ServiceRecord service,
      List<ReplicaRecord> replicas,
      List<ReplicaRecord> live,
      Instant now,
      List<Event> events,
      List<ReplicaRecord> stop,
      List<ReplicaSpec> ensure) {
    NodeCapacity node = runtime.nodes().get(0);
    String hash = service.templateHash();
    List<Admission.Replica> pending = new ArrayList<>();
    List<ReplicaRecord> outdated = new ArrayList<>();
    boolean replacing = false;
    for (ReplicaRecord r : live) {
      boolean current = r.templateHash().equals(hash);
      if (r.state() == ReplicaState.PENDING) {
        pending.add(new Admission.Replica(r.id(), r.cpuMillis(), r.memoryBytes()));
      } else if (!current && r.node().equals(node.name())) {
        outdated.add(r);
      } else if (current && !r.ready()) {
        replacing = true; // a new replica still starting: the next replacement waits for it
      }
    }
    for (List<ReplicaRecord> list : List.of(replicas, stop)) {
      for (ReplicaRecord r : list) { // an old replica still stopping: its replacement is under way
        replacing |= r.stopRequested() && NodeUsage.counts(r) && !r.templateHash().equals(hash);
      }
    }
    outdated.sort(OUTDATED_STOP_ORDER);
    NodeUsage u = tx.replicas().usage(node.name());
    List<Admission.Verdict> verdicts =
        Admission.plan(
            new Admission.Node(
                node.name(), node.allocatableCpuMillis(), node.allocatableMemoryBytes()),
            new Admission.Usage(
                u.cpuMillis(), u.memoryBytes(), u.stoppingCpuMillis(), u.stoppingMemoryBytes()),
            pending,
            outdated.stream()
                .map(r -> new Admission.Replica(r.id(), r.cpuMillis(), r.memoryBytes()))
                .toList(),
            replacing);
    Map<String, ReplicaRecord> byId = new HashMap<>();
    replicas.forEach(r -> byId.put(r.id(), r));
    live.forEach(r -> byId.put(r.id(), r));
    boolean waiting = false;
    for (Admission.Verdict v : verdicts) {
      ReplicaRecord r = byId.get(v.id());
      for (String id : v.stop()) {
        ReplicaRecord s = byId.get(id).withStopRequested(now);
        tx.replicas().put(s);
        stop.add(s);
        events.add(
            Event.of(
                now,
                service.key(),
                id,
                "ReplicaStopping",
                "stopped to make room for "
                    + v.id()
                    + " of release "
                    + service.release()
                    + ": node "
                    + node.name()
                    + " cannot run both versions"));
      }
      if (v.outcome() == Admission.Outcome.ADMIT) {
        ReplicaRecord placed = r.withNode(node.name(), now);
        tx.replicas().put(placed);
        events.add(
            Event.of(now, service.key(), r.id(), "Scheduled", "placed on node " + node.name()));
        ensure.add(ReplicaSpecs.of(sourceDir, service, placed));
        continue;
      }
      waiting = true;
      if (!v.reason().equals(r.reason()) || !v.message().equals(r.message())) {
        tx.replicas().put(r.withPending(v.reason(), v.message(), now));
      }
      if (!v.reason().equals(r.reason())) { // once per reason: numbers in the message change
        String type =
            v.outcome() == Admission.Outcome.WAIT_FOR_STOPS
                ? Admission.WAITING_FOR_STOPS
                : "FailedScheduling";
        events.add(Event.of(now, service.key(), r.id(), type, v.message()));
      }
    }
    for (ReplicaRecord r : live) {
      if (r.state() != ReplicaState.PENDING && cache.status(r.id()).isEmpty()) {
        ensure.add(ReplicaSpecs.of(sourceDir, service, r));
      }
    }
    return waiting;
  }

  /** Outdated replicas to stop for room: not ready before ready, newest first (as ReplicaSets). */
  private static final Comparator<ReplicaRecord> OUTDATED_STOP_ORDER =
      Comparator.comparing(ReplicaRecord::ready)
          .thenComparing(ReplicaRecord::createdAt, Comparator.reverseOrder())
          .thenComparing(ReplicaRecord::id, Comparator.reverseOrder());

  private static String stopReason(ReplicaRecord r, String hash, int desired) {
    if (desired == 0) {
      return "service stopped, scaled to 0 or removed";
    }
    if (!r.templateHash().equals(hash)) {
      return "replaced by the new version of the service";
    }
    return "scaled down";
  }
}
