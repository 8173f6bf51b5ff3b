package dev.berth.engine.app;

import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code berth destroy}: removes an environment's desired state in one transaction; the controller
 * then stops its replicas gracefully and forgets them. Logs stay until retention removes them.
 * Returns the services whose replicas are being stopped, so the caller can follow progress.
 */
public final class DestroyService {
  private final Store store;
  private final EventBus bus;
  private final Wake wake;
  private final Clock clock;

  public DestroyService(Store store, EventBus bus, Wake wake, Clock clock) {
    this.store = store;
    this.bus = bus;
    this.wake = wake;
    this.clock = clock;
  }

  /** Destroys {@code env}; the audit log records {@code actor}. */
  public List<String> destroy(Actor actor, EnvironmentKey env) {
    Instant now = clock.instant();
    Set<ServiceKey> keys = new LinkedHashSet<>();
    List<Event> events = new ArrayList<>();
    store.write(
        tx -> {
          if (tx.environments().get(env).isEmpty()) {
            throw Lookups.noEnvironment(tx, env);
          }
          for (ServiceRecord s : tx.services().list(env)) {
            keys.add(s.key());
          }
          for (ReplicaRecord r : tx.replicas().list(env)) {
            keys.add(r.key());
          }
          tx.environments().delete(env);
          tx.serials().bump(env); // outlives the environment: old saved plans never match again
          tx.audit()
              .append(
                  AuditEntry.of(
                      now,
                      actor.display(),
                      "destroy",
                      env,
                      "environment destroyed with services "
                          + String.join(
                              ", ", keys.stream().map(ServiceKey::service).distinct().toList())));
          events.add(
              tx.events()
                  .append(
                      Event.of(
                          now, env, "Destroyed", "environment destroyed; stopping its replicas")));
          return null;
        });
    bus.publish(events);
    keys.forEach(wake::service);
    return keys.stream().map(ServiceKey::service).distinct().toList();
  }
}
