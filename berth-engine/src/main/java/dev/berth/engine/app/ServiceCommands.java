package dev.berth.engine.app;

import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth scale}, {@code berth stop} and {@code berth start}: imperative changes to the
 * desired state of running services, each validated completely before anything is written (a scale
 * of three services where one name is wrong changes none of them). None of them raises the replicas
 * on the machine above the limit ({@link MachineReplicas}); stopping never counts as raising.
 */
public final class ServiceCommands {

  private final Store store;
  private final EventBus bus;
  private final Wake wake;
  private final Clock clock;

  public ServiceCommands(Store store, EventBus bus, Wake wake, Clock clock) {
    this.store = store;
    this.bus = bus;
    this.wake = wake;
    this.clock = clock;
  }

  /** Sets replica counts, e.g. {@code {web: 3, worker: 0}}. */
  public List<Change> scale(Actor actor, EnvironmentKey env, Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      throw new AppException(
          AppException.Kind.INVALID,
          "invalid_scale",
          "nothing to scale: give SERVICE=N, e.g. web=3");
    }
    return change(
        actor,
        "scale",
        env,
        new ArrayList<>(counts.keySet()),
        (tx, rec, now, events) -> {
          Integer count = counts.get(rec.key().service());
          if (count == null) {
            throw new AppException(
                AppException.Kind.INVALID,
                "invalid_scale",
                "no replica count for '" + rec.key().service() + "': give a whole number");
          }
          int n = count;
          if (rec.spec().type() == ServiceType.CRON) {
            throw new AppException(
                AppException.Kind.INVALID,
                "invalid_scale",
                "'"
                    + rec.key().service()
                    + "' is a cron service: it has a schedule, not replicas (each run starts"
                    + " one process; see berth cron and docs/cron.md)");
          }
          var auto = rec.spec().autoscale();
          if (auto != null) {
            throw new AppException(
                AppException.Kind.INVALID,
                "invalid_scale",
                "'"
                    + rec.key().service()
                    + "' is autoscaled: the autoscaler owns its replica count (now "
                    + rec.replicas()
                    + ") between autoscale.min "
                    + auto.min()
                    + " and autoscale.max "
                    + auto.max()
                    + "; change autoscale.min/max in berth.yaml and apply, or remove its"
                    + " autoscale block to set replicas by hand");
          }
          if (n < 0 || n > ServiceSpec.MAX_REPLICAS) {
            throw new AppException(
                AppException.Kind.INVALID,
                "invalid_scale",
                "replicas for '"
                    + rec.key().service()
                    + "' must be between 0 and "
                    + ServiceSpec.MAX_REPLICAS
                    + ", got "
                    + n);
          }
          if (rec.replicas() == n) {
            return new Change(rec.key().service(), "unchanged", "already " + n + " replicas");
          }
          tx.services().put(rec.withReplicas(n, now));
          tx.serials().bump(env); // a saved plan made before this scale is stale
          events.add(
              tx.events()
                  .append(
                      Event.of(
                          now,
                          rec.key(),
                          "",
                          "Scaled",
                          "replicas " + rec.replicas() + " -> " + n)));
          return new Change(
              rec.key().service(),
              "scaled",
              "replicas "
                  + rec.replicas()
                  + " -> "
                  + n
                  + (rec.stopped() ? " (service is stopped: berth start runs them)" : ""));
        });
  }

  /** Stops services (all replicas), remembering their replica counts. */
  public List<Change> stop(Actor actor, EnvironmentKey env, List<String> services) {
    return setStopped(actor, env, services, true);
  }

  /** Starts stopped services again with their remembered replica counts. */
  public List<Change> start(Actor actor, EnvironmentKey env, List<String> services) {
    return setStopped(actor, env, services, false);
  }

  private List<Change> setStopped(
      Actor actor, EnvironmentKey env, List<String> services, boolean stop) {
    return change(
        actor,
        stop ? "stop" : "start",
        env,
        services,
        (tx, rec, now, events) -> {
          if (rec.stopped() == stop) {
            return new Change(
                rec.key().service(), "unchanged", stop ? "already stopped" : "already running");
          }
          tx.services().put(rec.withStopped(stop, now));
          tx.serials().bump(env); // a saved plan made before this is stale
          events.add(
              tx.events()
                  .append(
                      Event.of(
                          now,
                          rec.key(),
                          "",
                          stop ? "ServiceStopped" : "ServiceStarted",
                          stop
                              ? "stopped by request"
                              : "started with " + rec.replicas() + " replicas")));
          return new Change(
              rec.key().service(),
              stop ? "stopped" : "started",
              stop ? "" : rec.replicas() + " replicas");
        });
  }

  @FunctionalInterface
  private interface Edit {
    Change apply(StoreTx tx, ServiceRecord record, Instant now, List<Event> events);
  }

  private List<Change> change(
      Actor actor, String action, EnvironmentKey env, List<String> services, Edit edit) {
    Instant now = clock.instant();
    List<Event> committed = new ArrayList<>();
    List<Change> changes =
        store.write(
            tx -> {
              if (tx.environments().get(env).isEmpty()) {
                throw Lookups.noEnvironment(tx, env);
              }
              Map<String, ServiceRecord> found = new LinkedHashMap<>();
              for (String name : services) {
                found.put(
                    name,
                    tx.services()
                        .get(env.service(name))
                        .orElseThrow(() -> Lookups.noService(tx, env, name)));
              }
              int before = MachineReplicas.count(tx);
              int added = 0;
              List<Change> out = new ArrayList<>();
              for (ServiceRecord rec : found.values()) {
                out.add(edit.apply(tx, rec, now, committed));
                added +=
                    tx.services().get(rec.key()).map(ServiceRecord::desiredReplicas).orElse(0)
                        - rec.desiredReplicas();
              }
              MachineReplicas.check(before, before + added);
              String summary = Change.summary(out);
              if (!summary.isEmpty()) {
                tx.audit().append(AuditEntry.of(now, actor.display(), action, env, summary));
              }
              return out;
            });
    bus.publish(committed);
    services.forEach(s -> wake.service(env.service(s)));
    return changes;
  }
}
