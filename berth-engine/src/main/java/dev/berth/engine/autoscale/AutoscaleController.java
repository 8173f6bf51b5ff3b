package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.AutoscaleDecision;
import dev.berth.core.autoscale.AutoscaleOutcome;
import dev.berth.core.autoscale.AutoscaleState;
import dev.berth.core.autoscale.Reading;
import dev.berth.core.autoscale.ReplicaView;
import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.TriggerSpec;
import dev.berth.engine.app.status.AutoscaleView;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.queue.Reconciler;
import dev.berth.engine.queue.Result;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs the autoscaler: the imperative shell around {@link AutoscaleDecision}. One key per
 * autoscaled service in a delay queue, due every {@code pollingInterval} (never a periodic sweep of
 * all services).
 *
 * <p>One reconcile: read the service (a short read transaction); read every trigger through its
 * {@link TriggerSource} <em>outside</em> any transaction (a read may block for the source's
 * timeout); then, in one write transaction, read the service again, decide with {@code now} from
 * the clock, and when the desired count differs from the service's {@code replicas} (the field
 * {@code berth scale} writes) write it together with a {@value #SCALED} event whose message carries
 * the decision's reason, its sentence and each trigger's reading. After the commit, the replica
 * controller is woken and the event published.
 *
 * <p>State: the {@link AutoscaleState} (stabilization windows, scale events, failure counts, last
 * active time) is kept in memory per service, not in the store. A restarted control plane therefore
 * starts the windows afresh, as the Kubernetes HPA does: at first sight of a service the current
 * count is taken as a recommendation (so a scale-down still waits a whole stabilization window, as
 * the HPA seeds its recommendations), and a service found running with replicas that were set
 * before this controller started counts as active now (so it waits a whole {@code cooldown} before
 * going to zero, instead of dropping at once). Failure counts start at zero again.
 *
 * <p>A service that is stopped ({@code berth stop}) is not scaled, and its triggers are not read. A
 * service whose {@code autoscale} block was removed (or that was removed) is forgotten: its sources
 * are closed and its replica count stays where it is until the next apply or scale.
 *
 * <p>Invariant: the controller only ever writes a count that {@link AutoscaleDecision} returned for
 * the service's current spec, and only after re-reading the service in the writing transaction, so
 * a concurrent apply that removed or changed the autoscale block is never overwritten.
 */
public final class AutoscaleController implements Reconciler<ServiceKey> {

  /** The event type of a change of the replica count decided by the autoscaler. */
  public static final String SCALED = "Autoscaled";

  /** The event type of a decision that keeps the count for another reason than the last one. */
  public static final String DECIDED = "AutoscaleDecided";

  private final Store store;
  private final ServiceSources sources;
  private final EventBus bus;
  private final Clock clock;
  private volatile java.util.function.Function<
          dev.berth.engine.store.EnvironmentKey, Map<String, String>>
      configVars = k -> Map.of();
  private final Consumer<ServiceKey> wakeReplicas;
  private final Consumer<ServiceKey> wake;
  private final Instant since;

  private final Map<ServiceKey, Polled> polled = new ConcurrentHashMap<>();

  /** Services the router asked to wake (requests wait for them at zero), not decided since. */
  private final java.util.Set<ServiceKey> activations = ConcurrentHashMap.newKeySet();

  /** The latest decision for one service, as status shows it. */
  public record Latest(
      int min,
      int max,
      int desired,
      AutoscaleOutcome.Reason reason,
      String message,
      Instant decidedAt,
      Instant lastScaleAt) {}

  /** What the controller keeps for one service between polls. */
  private static final class Polled {
    final AutoscaleSpec spec;
    final Map<String, TriggerSource> sources = new LinkedHashMap<>();
    final Map<String, String> openErrors = new LinkedHashMap<>();
    volatile AutoscaleState state;
    volatile Latest latest;
    volatile Long coldStartMillis;
    DecisionLog log = new DecisionLog();

    Polled(AutoscaleSpec spec) {
      this.spec = spec;
    }

    /** Takes over what {@code before} remembers (its spec changed; the memory stays). */
    void carry(Polled before) {
      if (before != null) {
        state = before.state;
        latest = before.latest;
        coldStartMillis = before.coldStartMillis;
        log = before.log;
      }
    }

    void close() {
      sources.values().forEach(TriggerSource::close);
    }
  }

  /**
   * A controller that does not measure {@code http}, {@code cpu} or {@code memory} triggers: they
   * read as failed triggers.
   */
  public AutoscaleController(
      Store store,
      TriggerSources sources,
      EventBus bus,
      Clock clock,
      Consumer<ServiceKey> wakeReplicas,
      Consumer<ServiceKey> wake) {
    this(store, sources, null, null, bus, clock, wakeReplicas, wake);
  }

  /**
   * @param sources opens a trigger's metric source
   * @param traffic what the router measures ({@code http} triggers), or {@code null}
   * @param statuses the runtime's latest status of a replica ({@code cpu}/{@code memory} triggers),
   *     or {@code null}
   * @param wakeReplicas queues a service in the replica controller
   * @param wake queues a service in this controller's own queue
   */
  public AutoscaleController(
      Store store,
      TriggerSources sources,
      HttpTraffic traffic,
      java.util.function.Function<String, Optional<dev.berth.engine.runtime.ReplicaStatus>>
          statuses,
      EventBus bus,
      Clock clock,
      Consumer<ServiceKey> wakeReplicas,
      Consumer<ServiceKey> wake) {
    this.store = store;
    this.sources = new ServiceSources(sources, traffic, statuses, store, clock);
    this.bus = bus;
    this.clock = clock;
    this.wakeReplicas = wakeReplicas;
    this.wake = wake;
    this.since = clock.instant();
  }

  /**
   * Where {@code <param>FromEnv} finds the environment's config vars (plain values, decrypted):
   * looked up over the service's {@code env:}, as a replica sees them. None until set; the control
   * plane sets {@link dev.berth.engine.config.ConfigVariables#of}.
   */
  public void configVars(
      java.util.function.Function<dev.berth.engine.store.EnvironmentKey, Map<String, String>>
          vars) {
    this.configVars = java.util.Objects.requireNonNull(vars, "vars");
  }

  /** Queues every autoscaled service of the store: what the control plane does when it starts. */
  public void queueAll() {
    List<ServiceKey> keys =
        store.read(
            (StoreTx tx) -> {
              List<ServiceKey> out = new ArrayList<>();
              for (var env : tx.environments().list()) {
                for (ServiceRecord s : tx.services().list(env.key())) {
                  if (s.spec().autoscale() != null) {
                    out.add(s.key());
                  }
                }
              }
              return out;
            });
    keys.forEach(wake);
  }

  /**
   * Looks at a service an event names when this controller does not poll it yet (an apply that
   * added an autoscale block); services it polls are looked at every {@code pollingInterval}
   * anyway, so replica events do not cause extra reads of the triggers.
   */
  public void onEvent(Event e) {
    if (SCALED.equals(e.type()) || DECIDED.equals(e.type())) {
      return;
    }
    if (e.service().isEmpty()) {
      queueAll();
    } else {
      ServiceKey key = new ServiceKey(e.project(), e.environment(), e.service());
      if (!polled.containsKey(key)) {
        wake.accept(key);
      }
    }
  }

  /** {@link #latest} as {@code berth status} shows it. */
  public Optional<AutoscaleView> view(ServiceKey key) {
    Polled p = polled.get(key);
    Long cold = p == null ? null : p.coldStartMillis;
    return latest(key)
        .map(
            l ->
                new AutoscaleView(
                    l.min(), l.max(), l.reason(), l.message(), l.lastScaleAt(), cold));
  }

  /**
   * The autoscale settings of a service that may scale to zero ({@code min: 0}) and that this
   * controller polls, or {@code null}: what the router asks (from a selector thread, on the path of
   * a request that found no ready replica) before holding requests. A map lookup, no IO.
   */
  public AutoscaleSpec scalesFromZero(ServiceKey key) {
    Polled p = polled.get(key);
    return p != null && p.spec.min() == 0 ? p.spec : null;
  }

  /**
   * Requests wait at the router for a service without a ready replica: decide now rather than at
   * the next poll, counting the waiting requests as an active trigger ({@link
   * AutoscaleDecision#ROUTER}), so a service at zero wakes at once whatever its triggers say. Cheap
   * and non-blocking: repeated calls before the decision queue it once.
   */
  public void activate(ServiceKey key) {
    if (activations.add(key)) {
      wake.accept(key);
    }
  }

  /** The router served the first held request of a cold start after {@code millis}. */
  public void coldStarted(ServiceKey key, long millis) {
    Polled p = polled.get(key);
    if (p != null) {
      p.coldStartMillis = millis;
    }
  }

  /**
   * Why the service has the replicas it has (settings, the state between decisions, the latest
   * distinct decisions with their readings), or empty when this controller does not poll it.
   */
  public Optional<AutoscaleExplanation> explain(ServiceKey key) {
    Polled p = polled.get(key);
    return p == null
        ? Optional.empty()
        : Optional.of(
            AutoscaleExplanation.of(
                key.service(), p.spec, p.latest, p.state, p.coldStartMillis, p.log.recent()));
  }

  /** The latest decision for {@code key}, if the service is autoscaled and was decided already. */
  public Optional<Latest> latest(ServiceKey key) {
    Polled p = polled.get(key);
    return p == null ? Optional.empty() : Optional.ofNullable(p.latest);
  }

  @Override
  public Result reconcile(ServiceKey key) {
    Optional<ServiceRecord> rec = store.read((StoreTx tx) -> tx.services().get(key));
    AutoscaleSpec spec = rec.map(r -> r.spec().autoscale()).orElse(null);
    if (spec == null) {
      activations.remove(key);
      forget(key);
      return Result.done();
    }
    ServiceRecord svc = rec.get();
    Polled p = polled.get(key);
    if (p == null || !p.spec.triggers().equals(spec.triggers())) {
      Polled fresh = new Polled(spec);
      fresh.carry(p);
      if (p != null) {
        p.close();
      }
      for (TriggerSpec t : spec.triggers()) {
        try {
          Map<String, String> env =
              dev.berth.engine.config.ConfigRuntime.merge(
                  svc.spec().env(), configVars.apply(key.environmentKey()));
          fresh.sources.put(t.name(), sources.open(t, key, env));
        } catch (RuntimeException e) {
          fresh.openErrors.put(t.name(), "cannot read trigger " + t.name() + ": " + e.getMessage());
        }
      }
      polled.put(key, fresh);
      p = fresh;
    } else if (!p.spec.equals(spec)) {
      Polled same = new Polled(spec);
      same.sources.putAll(p.sources);
      same.openErrors.putAll(p.openErrors);
      same.carry(p);
      polled.put(key, same);
      p = same;
    }
    if (svc.stopped()) {
      return Result.requeueAfter(spec.pollingInterval());
    }
    Map<String, Reading> readings = new LinkedHashMap<>();
    p.openErrors.forEach((name, why) -> readings.put(name, Reading.error(why)));
    p.sources.forEach((name, source) -> readings.put(name, source.read()));
    if (activations.remove(key)) {
      readings.put(AutoscaleDecision.ROUTER, Reading.of(1));
    }

    Polled poll = p;
    Decided d = store.write((StoreTx tx) -> decide(tx, key, poll, readings));
    if (d != null) {
      poll.log.record(d.now(), d.from(), d.outcome());
      poll.state = d.outcome().next();
      poll.latest =
          new Latest(
              spec.min(),
              spec.max(),
              d.outcome().desired(),
              d.outcome().reason(),
              d.outcome().message(),
              d.now(),
              d.outcome().next().lastScaleAt());
      if (d.event() != null) {
        if (d.outcome().desired() != d.from()) {
          wakeReplicas.accept(key);
        }
        bus.publish(List.of(d.event()));
      }
    }
    return Result.requeueAfter(spec.pollingInterval());
  }

  private record Decided(Instant now, int from, AutoscaleOutcome outcome, Event event) {}

  /** The decision, written when it changes the count; {@code null} when the service changed. */
  private Decided decide(StoreTx tx, ServiceKey key, Polled p, Map<String, Reading> readings) {
    Optional<ServiceRecord> rec = tx.services().get(key);
    if (rec.isEmpty() || !p.spec.equals(rec.get().spec().autoscale()) || rec.get().stopped()) {
      return null; // changed while the triggers were read: the next poll decides
    }
    ServiceRecord svc = rec.get();
    Instant now = clock.instant();
    int current = svc.replicas();
    AutoscaleState state = p.state != null ? p.state : firstSight(svc, now);
    List<ReplicaView> views = new ArrayList<>();
    for (ReplicaRecord r : tx.replicas().list(key)) {
      if (r.stopRequested()
          || r.state() == ReplicaState.TERMINATING
          || r.state() == ReplicaState.TERMINATED) {
        continue;
      }
      views.add(new ReplicaView(r.id(), r.state() == ReplicaState.PENDING, r.ready()));
    }
    AutoscaleOutcome o = AutoscaleDecision.decide(now, p.spec, current, views, readings, state);
    if (o.desired() == current) {
      Latest before = p.latest;
      if (before == null || before.reason() == o.reason()) {
        return new Decided(now, current, o, null);
      }
      // the same count for another reason (a scale-down now held by the window, a trigger that
      // started failing): recorded too, so the events explain every change of mind
      Event e =
          tx.events().append(Event.of(now, key, "", DECIDED, DecisionText.describe(current, o)));
      return new Decided(now, current, o, e);
    }
    tx.services().put(svc.withReplicas(o.desired(), now));
    Event e = tx.events().append(Event.of(now, key, "", SCALED, DecisionText.describe(current, o)));
    return new Decided(now, current, o, e);
  }

  /**
   * The state of a service this controller has not decided yet: the HPA's seeding of the current
   * count as a recommendation, and, for a count set before this controller started (a restart),
   * activity now so that the cooldown to zero runs afresh.
   */
  private AutoscaleState firstSight(ServiceRecord svc, Instant now) {
    boolean restarted = svc.replicas() > 0 && svc.updatedAt().isBefore(since);
    return new AutoscaleState(
        now,
        restarted ? now : null,
        null,
        List.of(new AutoscaleState.Timed(now, svc.replicas())),
        List.of(),
        List.of(),
        Map.of());
  }

  /** Closes every source: the control plane is stopping. */
  public void close() {
    polled.values().forEach(Polled::close);
    polled.clear();
  }

  private void forget(ServiceKey key) {
    Polled p = polled.remove(key);
    if (p != null) {
      p.close();
    }
  }
}
