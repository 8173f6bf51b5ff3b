package dev.berth.server.routing;

import dev.berth.core.model.ServiceType;
import dev.berth.engine.controller.RuntimeCache;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.router.Backend;
import dev.berth.router.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The router's view of where to send traffic: for every web service, its replicas that the runtime
 * reports ready and the controller has not asked to stop.
 *
 * <p>The router reads it on every request, so it serves an immutable snapshot swapped atomically
 * ({@code volatile}); {@link #refresh()} rebuilds it after any replica status change or event. A
 * replica leaves the snapshot with the first refresh after it is unready or asked to stop. That
 * refresh runs on its own thread, so it may land a few milliseconds after the replica got SIGTERM;
 * a request sent in that window to a replica that already closed its port fails to connect and the
 * router retries it on another ready replica.
 */
public final class LiveRouteTable implements RouteTable {
  private final Store store;
  private final RuntimeCache cache;
  private volatile Map<ServiceKey, List<Backend>> snapshot = Map.of();

  public LiveRouteTable(Store store, RuntimeCache cache) {
    this.store = store;
    this.cache = cache;
  }

  @Override
  public Optional<List<Backend>> backends(ServiceKey service) {
    return Optional.ofNullable(snapshot.get(service));
  }

  /** Rebuilds the snapshot from the store and the runtime cache. Safe to call from any thread. */
  public synchronized void refresh() {
    Map<ServiceKey, List<Backend>> next = new HashMap<>();
    store.read(
        tx -> {
          for (var env : tx.environments().list()) {
            for (ServiceRecord s : tx.services().list(env.key())) {
              if (s.spec().type() == ServiceType.WEB) {
                next.put(s.key(), new ArrayList<>());
              }
            }
          }
          for (ReplicaRecord r : tx.replicas().all()) {
            List<Backend> list = next.get(r.key());
            if (list == null || r.stopRequested()) {
              continue;
            }
            Optional<ReplicaStatus> st = cache.status(r.id());
            if (st.isPresent()
                && st.get().ready()
                && st.get().state() == ReplicaState.RUNNING
                && st.get().port() > 0) {
              list.add(new Backend(r.id(), "127.0.0.1", st.get().port()));
            }
          }
          return null;
        });
    next.replaceAll((k, v) -> List.copyOf(v));
    snapshot = Map.copyOf(next);
  }
}
