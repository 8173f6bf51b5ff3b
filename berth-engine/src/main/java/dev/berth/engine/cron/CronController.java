package dev.berth.engine.cron;

import dev.berth.core.cron.CronAction;
import dev.berth.core.cron.CronDecision;
import dev.berth.core.cron.CronHistory;
import dev.berth.core.cron.CronPlan;
import dev.berth.core.cron.CronRun;
import dev.berth.core.cron.CronRun.State;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.queue.Reconciler;
import dev.berth.engine.queue.Result;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.CronState;
import dev.berth.engine.store.Event;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs cron services: the imperative shell around {@link CronDecision}. One key per cron service in
 * a delay queue (a {@code WorkQueue} whose due time is the service's next wake: its next scheduled
 * time, a timeout, a retry), never a periodic sweep; a run's exit, a change of the service and a
 * trigger wake the key at once.
 *
 * <p>One reconcile: in one store transaction, record the exits of finished attempts ({@link
 * CronDecision#exited}), decide, insert the decided runs (a run id that exists means another
 * decision of this time committed first: the transaction is abandoned and the key decided again),
 * mark starts and stops, save {@code lastScheduled}, prune the history, append the events; after
 * the commit, ask the runtime to start and stop, and publish the events. So a scheduled time is
 * started at most once even across restarts and by two control planes on one PostgreSQL store.
 *
 * <p>Clock: {@code now} comes from the injected clock. A jump back replays nothing ({@code
 * lastScheduled} is stored and never decreases; the queue clamps a due time pushed far away by the
 * jump); a jump forward is downtime: the times it skipped are missed, and the latest gets a run
 * under {@code missedRuns: run-latest}.
 *
 * <p>Capacity: an attempt is admitted like a replica ({@link RunRoom}, {@link
 * dev.berth.core.decide.Admission}): the machine's replicas plus the runs this control plane
 * started must leave room for its requests; otherwise it stays pending (event {@value
 * CronEvents#WAITING}), is looked at again every {@link #ROOM_RECHECK}, and is recorded late when
 * it starts, or missed once past its starting deadline.
 */
public final class CronController implements Reconciler<ServiceKey> {

  /** How often a run waiting for room looks again. */
  public static final Duration ROOM_RECHECK = Duration.ofSeconds(5);

  /**
   * How long before its scheduled time a run is decided, when nothing of its service is active: the
   * decision (one transaction, an fsync) happens ahead, the runtime is told to {@link
   * Runtime#prepare} the run's start (log pipe, cgroup), and at the time only the process starts,
   * so many services due at the same instant all start on time.
   */
  public static final Duration LEAD = Duration.ofSeconds(30);

  private final Store store;
  private final Runtime runtime;
  private final EventBus bus;
  private final Clock clock;
  private final Duration grace;
  private final Consumer<ServiceKey> wake;

  /**
   * When this controller started: a run recorded RUNNING, started before then and not started by
   * this controller, was lost with the previous control plane (whose processes are stopped at
   * start-up as leftovers); it is recorded as ended with exit -1, and retried if it may be.
   */
  private final Instant since;

  /** The attempts this control plane started and has not seen end, by replica id. */
  private final Map<String, Started> started = new ConcurrentHashMap<>();

  /** The attempts this controller asked the runtime to stop, by replica id. */
  private final Set<String> stopSent = ConcurrentHashMap.newKeySet();

  /** Ends reported by the runtime and not yet recorded, by replica id. */
  private final Map<String, ReplicaStatus> ended = new ConcurrentHashMap<>();

  private record Started(ServiceKey key, Resources resources) {}

  /** A run decided ahead: its process starts at {@code at}, then its event is published. */
  private record Planned(ServiceKey key, ReplicaSpec spec, Instant at, List<Event> events) {}

  /** Runs decided ahead whose process has not started yet, by replica id. */
  private final Map<String, Planned> planned = new ConcurrentHashMap<>();

  /** Signals that another decision of the same scheduled time committed first. */
  static final class AlreadyDecided extends RuntimeException {
    AlreadyDecided(String id) {
      super("run " + id + " was decided by another transaction", null, false, false);
    }
  }

  /**
   * @param wake queues a service's key at once (the controller's own queue)
   * @param grace how long a stopped run gets between SIGTERM and SIGKILL
   */
  public CronController(
      Store store,
      Runtime runtime,
      EventBus bus,
      Clock clock,
      Duration grace,
      Consumer<ServiceKey> wake) {
    this.store = store;
    this.runtime = runtime;
    this.bus = bus;
    this.clock = clock;
    this.grace = grace;
    this.wake = wake;
    this.since = clock.instant();
    runtime.watch(this::onStatus);
  }

  private void onStatus(ReplicaStatus s) {
    if (s.state() != ReplicaState.TERMINATED) {
      return;
    }
    Started st = started.get(s.id());
    if (st != null) {
      ended.put(s.id(), s);
      wake.accept(st.key());
    }
  }

  /** Queues every cron service of the store: what the control plane does when it starts. */
  public void queueAll() {
    List<ServiceKey> keys =
        store.read(
            (StoreTx tx) -> {
              List<ServiceKey> out = new ArrayList<>();
              for (var env : tx.environments().list()) {
                for (ServiceRecord s : tx.services().list(env.key())) {
                  if (s.spec().type() == ServiceType.CRON) {
                    out.add(s.key());
                  }
                }
              }
              return out;
            });
    keys.forEach(wake);
  }

  /** Wakes the service an event names (cron events excepted: they are this controller's own). */
  public void onEvent(Event e) {
    if (!e.service().isEmpty() && !CronEvents.isCron(e.type())) {
      wake.accept(new ServiceKey(e.project(), e.environment(), e.service()));
    } else if (e.service().isEmpty() && !CronEvents.isCron(e.type())) {
      queueAll();
    }
  }

  /**
   * What a decision asks of the runtime once it is committed, and the attempts it started and saw
   * end (this controller's memory changes only after the commit: a decision that rolls back leaves
   * no trace).
   */
  private record Outcome(
      List<ReplicaSpec> ensure,
      List<String> stop,
      List<Event> events,
      Instant wakeAt,
      Map<String, Started> startedNow,
      List<String> endedNow,
      List<Planned> plannedNow) {}

  @Override
  public Result reconcile(ServiceKey key) {
    Instant now = clock.instant();
    PlannedStarts ps = startPlanned(key, now);
    Instant nextPlanned = ps.next();
    if (ps.startedAny()) {
      // Started a process decided ahead: decide again later, after the other services due at
      // this instant have started theirs (a decision is a transaction, an fsync).
      return Result.requeueAfter(Duration.ZERO);
    }
    Outcome o;
    try {
      o = store.write((StoreTx tx) -> decide(tx, key, now));
    } catch (AlreadyDecided e) {
      return Result.requeueAfter(Duration.ZERO);
    }
    started.putAll(o.startedNow());
    for (String id : o.endedNow()) {
      started.remove(id);
      ended.remove(id);
      stopSent.remove(id);
    }
    for (ReplicaSpec spec : o.ensure()) {
      runtime.ensure(spec);
    }
    for (String id : o.stop()) {
      stopSent.add(id);
      runtime.stop(id, null, grace);
    }
    bus.publish(o.events());
    Instant wakeAt = o.wakeAt();
    for (Planned p : o.plannedNow()) {
      planned.put(p.spec().id(), p);
      runtime.prepare(p.spec()); // log pipe, cgroup now: at its time only the process starts
      wakeAt = wakeAt == null || p.at().isBefore(wakeAt) ? p.at() : wakeAt;
    }
    if (nextPlanned != null && (wakeAt == null || nextPlanned.isBefore(wakeAt))) {
      wakeAt = nextPlanned;
    }
    if (wakeAt == null) {
      return Result.done();
    }
    Duration d = Duration.between(clock.instant(), wakeAt);
    return Result.requeueAfter(d.isNegative() ? Duration.ZERO : d);
  }

  /**
   * Starts the processes of {@code key}'s runs decided ahead whose time has come; says whether it
   * started any and when the next of them is due. No transaction: the run is recorded already.
   */
  private PlannedStarts startPlanned(ServiceKey key, Instant now) {
    Instant next = null;
    boolean any = false;
    for (Planned p : List.copyOf(planned.values())) {
      if (!p.key().equals(key)) {
        continue;
      }
      if (now.isBefore(p.at())) {
        next = next == null || p.at().isBefore(next) ? p.at() : next;
        continue;
      }
      if (planned.remove(p.spec().id()) != null) {
        runtime.ensure(p.spec());
        bus.publish(p.events());
        any = true;
      }
    }
    return new PlannedStarts(next, any);
  }

  private record PlannedStarts(Instant next, boolean startedAny) {}

  private Outcome decide(StoreTx tx, ServiceKey key, Instant now) {
    List<ReplicaSpec> ensure = new ArrayList<>();
    List<String> stop = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    Map<String, Started> startedNow = new java.util.LinkedHashMap<>();
    List<String> endedNow = new ArrayList<>();
    Optional<ServiceRecord> service = tx.services().get(key);
    Optional<String> sourceDir = tx.environments().sourceDir(key.environmentKey());
    if (service.isEmpty() || service.get().spec().type() != ServiceType.CRON) {
      started.forEach(
          (id, st) -> {
            if (st.key().equals(key)) {
              if (ended.containsKey(id)) {
                endedNow.add(id);
              } else {
                stop.add(id); // the service is gone (its runs with it) or no longer cron
              }
            }
          });
      planned.values().removeIf(p -> p.key().equals(key)); // never started: nothing to stop
      return new Outcome(ensure, stop, events, null, startedNow, endedNow, List.of());
    }
    ServiceRecord svc = service.get();
    CronSchedule schedule = svc.spec().cron();
    CronState state =
        tx.cron().state(key).orElse(new CronState(key, now, false)); // first sight: from now on

    List<CronRun> active = new ArrayList<>();
    for (CronRun r : tx.cron().list(key)) {
      if (!r.state().active()) {
        continue;
      }
      if (r.state() == State.RUNNING) {
        String replica = RunSpecs.replicaId(r);
        ReplicaStatus end = ended.get(replica);
        boolean lost =
            end == null
                && !started.containsKey(replica)
                && r.startedAt() != null
                && r.startedAt().isBefore(since.plus(LEAD)); // decided ahead, then restarted
        if (end != null || lost) {
          endedNow.add(replica);
          int code = end == null || end.lastExit() == null ? -1 : end.lastExit().code();
          CronRun after = CronDecision.exited(r, code, schedule, now);
          tx.cron().update(key, after);
          events.add(CronEvents.ended(now, key, after, replica));
          if (after.state().active()) {
            active.add(after);
          }
          continue;
        }
        if (r.stopping() != null && !stopSent.contains(replica) && started.containsKey(replica)) {
          stop.add(replica); // marked to stop outside a decision (berth cron trigger, replace)
        }
      }
      active.add(r);
    }

    boolean suspended = state.suspended() || svc.stopped() || sourceDir.isEmpty();
    // Decide ahead when the next scheduled time is within LEAD and nothing of the service is
    // active: the decision is then the one taken at that time (nothing can change it but a change
    // of the service, which starts the run anyway, as a change a moment later would).
    Instant at = now;
    if (!suspended && !schedule.suspend() && active.isEmpty()) {
      Optional<Instant> first =
          dev.berth.core.cron.CronSchedules.next(schedule, state.lastScheduled());
      if (first.isPresent()
          && first.get().isAfter(now) // nothing is due now: no missed time to decide first
          && !first.get().isAfter(now.plus(LEAD))) {
        at = first.get();
      }
    }
    CronPlan plan =
        CronDecision.decide(at, key.service(), schedule, state.lastScheduled(), suspended, active);
    List<Planned> plannedNow = new ArrayList<>();
    boolean waiting = false;
    Set<String> created = new HashSet<>();
    List<Instant> timeouts = new ArrayList<>();
    for (CronAction a : plan.actions()) {
      if (a instanceof CronAction.Record r) {
        created.add(r.run().id());
        if (!tx.cron().insert(key, r.run())) {
          throw new AlreadyDecided(r.run().id());
        }
        if (!r.run().state().active()) {
          events.add(CronEvents.notRun(now, key, r.run()));
        }
      } else if (a instanceof CronAction.Finish f) {
        CronRun done = f.run().finished(f.result(), f.run().exitCode(), now);
        tx.cron().update(key, done);
        events.add(CronEvents.ended(now, key, done, ""));
      } else if (a instanceof CronAction.Stop s) {
        tx.cron().update(key, s.run().stopping(s.result()));
        stop.add(RunSpecs.replicaId(s.run()));
      } else {
        CronRun run = ((CronAction.Start) a).run();
        Optional<String> noRoom = room(tx, svc.spec().resources(), startedNow);
        if (noRoom.isPresent()) {
          if (created.contains(run.id())) {
            events.add(CronEvents.waiting(now, key, run, noRoom.get()));
          }
          waiting = true;
          continue;
        }
        CronRun go = run.started(at);
        tx.cron().update(key, go);
        ReplicaSpec spec = RunSpecs.of(sourceDir.get(), svc, go);
        startedNow.put(spec.id(), new Started(key, svc.spec().resources()));
        Event startedEvent = CronEvents.started(at, key, go);
        if (at.isAfter(now)) {
          tx.events().append(startedEvent);
          plannedNow.add(new Planned(key, spec, at, List.of(startedEvent)));
        } else {
          ensure.add(spec);
          events.add(startedEvent);
        }
        if (schedule.timeout() != null) {
          timeouts.add(at.plus(schedule.timeout()));
        }
      }
    }
    if (!plan.lastScheduled().equals(state.lastScheduled()) || tx.cron().state(key).isEmpty()) {
      tx.cron().putState(new CronState(key, plan.lastScheduled(), state.suspended()));
    }
    for (String id : CronHistory.prune(tx.cron().list(key), schedule.history())) {
      tx.cron().delete(key, id);
    }
    for (Event e : events) {
      tx.events().append(e);
    }
    Instant wakeAt = plan.wakeAt();
    if (wakeAt != null && !waiting && timeouts.isEmpty() && plannedNow.isEmpty()) {
      Instant ahead = wakeAt.minus(LEAD); // wake early enough to decide the next time ahead
      wakeAt = ahead.isAfter(now) ? ahead : wakeAt;
    }
    for (Instant t : timeouts) {
      wakeAt = wakeAt == null || t.isBefore(wakeAt) ? t : wakeAt;
    }
    if (waiting) {
      Instant recheck = now.plus(ROOM_RECHECK);
      wakeAt = wakeAt == null || recheck.isBefore(wakeAt) ? recheck : wakeAt;
    }
    return new Outcome(ensure, stop, events, wakeAt, startedNow, endedNow, plannedNow);
  }

  /** Why an attempt with these requests does not fit on the machine now, or empty. */
  private Optional<String> room(StoreTx tx, Resources r, Map<String, Started> startedNow) {
    NodeCapacity node = runtime.nodes().get(0);
    List<Resources> running = new ArrayList<>();
    started.forEach(
        (id, st) -> {
          if (!ended.containsKey(id)) {
            running.add(st.resources()); // an attempt whose process ended holds no room
          }
        });
    startedNow.values().forEach(st -> running.add(st.resources()));
    return RunRoom.problem(node, tx.replicas().usage(node.name()), running, r);
  }
}
