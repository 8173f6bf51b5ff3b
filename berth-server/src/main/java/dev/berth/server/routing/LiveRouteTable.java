package dev.berth.server.routing;

import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import dev.berth.router.Backend;
import dev.berth.router.RouteTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The router's view of where to send traffic: for every web service, its replicas that the runtime
 * reports ready and the controller has not asked to stop.
 *
 * <p>Reads: the router reads it on every request; each service's backends are an immutable list in
 * a concurrent map, replaced whole when that service changes, so a read takes no lock.
 *
 * <p>Writes are incremental: callers report what changed ({@link #replicaChanged}, {@link
 * #serviceChanged}, {@link #environmentChanged}, or an {@link Event} via {@link #onEvent}), and
 * {@link #applyChanges()} re-reads only those services from the store, through indexed queries (a
 * replica by id, a service by key, the replicas of one service or one environment). The work per
 * change is therefore proportional to the changed service's replicas, never to the machine's total
 * of services or replicas. {@link #refreshAll()} rebuilds everything, for start-up and as a slow
 * safety net.
 *
 * <p>A replica leaves its service's list with the first {@link #applyChanges()} after it is unready
 * or asked to stop. That runs on its own thread, so it may land a few milliseconds after the
 * replica got SIGTERM; a request sent in that window to a replica that already closed its port
 * fails to connect and the router retries it on another ready replica.
 */
public final class LiveRouteTable implements RouteTable {
  private final Store store;
  private final Function<String, Optional<ReplicaStatus>> statuses;
  private final Map<ServiceKey, List<Backend>> routes = new ConcurrentHashMap<>();

  /** Reported changes not yet applied. */
  private final Set<String> changedReplicas = ConcurrentHashMap.newKeySet();

  private final Set<ServiceKey> changedServices = ConcurrentHashMap.newKeySet();
  private final Set<EnvironmentKey> changedEnvironments = ConcurrentHashMap.newKeySet();

  /** Indexes of what {@link #routes} holds; guarded by this object's lock (writers only). */
  private final Map<EnvironmentKey, Set<ServiceKey>> servicesByEnvironment = new HashMap<>();

  private final Map<ServiceKey, Set<String>> replicasByService = new HashMap<>();
  private final Map<String, ServiceKey> ownerOfReplica = new HashMap<>();

  /** The port of every replica in {@link #routes}, by id: read by runtime threads, lock-free. */
  private final Map<String, Integer> routedPorts = new ConcurrentHashMap<>();

  /**
   * @param statuses the latest runtime status of a replica (the controller's runtime cache)
   */
  public LiveRouteTable(Store store, Function<String, Optional<ReplicaStatus>> statuses) {
    this.store = store;
    this.statuses = statuses;
  }

  @Override
  public Optional<List<Backend>> backends(ServiceKey service) {
    return Optional.ofNullable(routes.get(service));
  }

  /** A replica's runtime status changed. Cheap: only records it for {@link #applyChanges()}. */
  public void replicaChanged(String replicaId) {
    changedReplicas.add(replicaId);
  }

  /**
   * The runtime reported a replica's status. Records it for {@link #applyChanges()} only when it
   * can change a route: the replica became routable or stopped being routable, or its port changed.
   * Most reports (the runtime's periodic CPU and memory samples) change none, and cost neither a
   * store read nor a route update.
   */
  public void replicaChanged(ReplicaStatus status) {
    Integer routedPort = routedPorts.get(status.id());
    boolean routable = routable(status);
    if (routedPort == null ? routable : !routable || routedPort != status.port()) {
      changedReplicas.add(status.id());
    }
  }

  /** A service's desired state or replica records changed. Cheap, as {@link #replicaChanged}. */
  public void serviceChanged(ServiceKey key) {
    changedServices.add(key);
  }

  /** An environment was applied or destroyed. Cheap, as {@link #replicaChanged}. */
  public void environmentChanged(EnvironmentKey key) {
    changedEnvironments.add(key);
  }

  /** Records what an event says changed: its replica, else its service, else its environment. */
  public void onEvent(Event event) {
    if (event.project().isEmpty() || event.environment().isEmpty()) {
      return; // platform-wide: no routes of its own
    }
    EnvironmentKey env = new EnvironmentKey(event.project(), event.environment());
    if (event.service().isEmpty()) {
      environmentChanged(env);
      return;
    }
    serviceChanged(env.service(event.service()));
    if (!event.replica().isEmpty()) {
      replicaChanged(event.replica());
    }
  }

  /**
   * Whether changes were reported since the last {@link #applyChanges()}, or found by it: a caller
   * that applies changes on its own thread should run it again while this is true.
   */
  public boolean hasChanges() {
    return !changedReplicas.isEmpty()
        || !changedServices.isEmpty()
        || !changedEnvironments.isEmpty();
  }

  /**
   * Re-reads the services whose changes were reported and updates their routes, in one read
   * transaction. Safe to call from any thread.
   *
   * @return the services that left the route table (no longer a web service, or gone)
   */
  public synchronized Set<ServiceKey> applyChanges() {
    List<String> replicas = drain(changedReplicas);
    List<ServiceKey> services = drain(changedServices);
    List<EnvironmentKey> environments = drain(changedEnvironments);
    if (replicas.isEmpty() && services.isEmpty() && environments.isEmpty()) {
      return Set.of();
    }
    Set<ServiceKey> removed = new LinkedHashSet<>();
    store.read(
        tx -> {
          Set<EnvironmentKey> envs = new LinkedHashSet<>(environments);
          for (EnvironmentKey env : envs) {
            reloadEnvironment(tx, env, removed);
          }
          Set<ServiceKey> keys = new LinkedHashSet<>(services);
          for (String id : replicas) {
            ServiceKey owner = ownerOfReplica.get(id);
            if (owner == null) {
              owner = tx.replicas().get(id).map(ReplicaRecord::key).orElse(null);
            }
            if (owner != null) {
              keys.add(owner);
            }
          }
          for (ServiceKey key : keys) {
            if (!envs.contains(key.environmentKey())) {
              reloadService(tx, key, removed);
            }
          }
          return null;
        });
    return removed;
  }

  /**
   * Rebuilds every route from the store: at start-up, and now and then as a safety net against a
   * change nobody reported. Its work grows with the machine's services and replicas.
   *
   * @return the services that left the route table
   */
  public synchronized Set<ServiceKey> refreshAll() {
    drain(changedReplicas);
    drain(changedServices);
    drain(changedEnvironments);
    Set<ServiceKey> before = new HashSet<>(routes.keySet());
    Set<ServiceKey> removed = new LinkedHashSet<>();
    store.read(
        tx -> {
          Set<EnvironmentKey> envs = new LinkedHashSet<>();
          tx.environments().list().forEach(e -> envs.add(e.key()));
          envs.addAll(servicesByEnvironment.keySet()); // destroyed since: their routes must go
          for (EnvironmentKey env : envs) {
            reloadEnvironment(tx, env, removed);
          }
          return null;
        });
    for (ServiceKey key : before) {
      if (!routes.containsKey(key)) {
        removed.add(key);
      }
    }
    return removed;
  }

  /** Services of one environment and their replicas: two indexed queries. */
  private void reloadEnvironment(StoreTx tx, EnvironmentKey env, Set<ServiceKey> removed) {
    Map<ServiceKey, List<ReplicaRecord>> web = new HashMap<>();
    for (ServiceRecord s : tx.services().list(env)) {
      if (s.spec().type() == ServiceType.WEB) {
        web.put(s.key(), new ArrayList<>());
      }
    }
    if (!web.isEmpty()) {
      for (ReplicaRecord r : tx.replicas().list(env)) {
        List<ReplicaRecord> list = web.get(r.key());
        if (list != null) {
          list.add(r);
        }
      }
    }
    for (ServiceKey key : List.copyOf(servicesByEnvironment.getOrDefault(env, Set.of()))) {
      if (!web.containsKey(key)) {
        remove(key, removed);
      }
    }
    web.forEach(this::install);
  }

  /** One service and its replicas: two indexed queries. */
  private void reloadService(StoreTx tx, ServiceKey key, Set<ServiceKey> removed) {
    Optional<ServiceRecord> service = tx.services().get(key);
    if (service.isEmpty() || service.get().spec().type() != ServiceType.WEB) {
      remove(key, removed);
      return;
    }
    install(key, tx.replicas().list(key));
  }

  private void install(ServiceKey key, List<ReplicaRecord> replicas) {
    List<Backend> backends = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (ReplicaRecord r : replicas) {
      ids.add(r.id());
      if (r.stopRequested()) {
        continue;
      }
      Optional<ReplicaStatus> st = statuses.apply(r.id());
      if (st.isPresent() && routable(st.get())) {
        backends.add(new Backend(r.id(), "127.0.0.1", st.get().port(), r.templateHash()));
      }
    }
    forgetReplicasOf(key);
    Map<String, Integer> used = new HashMap<>();
    backends.forEach(b -> used.put(b.replicaId(), b.port()));
    routedPorts.putAll(used);
    replicasByService.put(key, ids);
    ids.forEach(id -> ownerOfReplica.put(id, key));
    servicesByEnvironment.computeIfAbsent(key.environmentKey(), e -> new HashSet<>()).add(key);
    routes.put(key, List.copyOf(backends));
    // A status that arrived while this ran may have been judged against the routes before they
    // were published, and skipped: look once more, now that they are, and record what moved.
    for (ReplicaRecord r : replicas) {
      if (r.stopRequested()) {
        continue;
      }
      Optional<ReplicaStatus> now = statuses.apply(r.id());
      Integer port = used.get(r.id());
      boolean moved =
          now.isPresent() && routable(now.get())
              ? port == null || port != now.get().port()
              : port != null;
      if (moved) {
        changedReplicas.add(r.id());
      }
    }
  }

  private void remove(ServiceKey key, Set<ServiceKey> removed) {
    if (routes.remove(key) != null) {
      removed.add(key);
    }
    forgetReplicasOf(key);
    Set<ServiceKey> inEnv = servicesByEnvironment.get(key.environmentKey());
    if (inEnv != null) {
      inEnv.remove(key);
      if (inEnv.isEmpty()) {
        servicesByEnvironment.remove(key.environmentKey());
      }
    }
  }

  private void forgetReplicasOf(ServiceKey key) {
    Set<String> old = replicasByService.remove(key);
    if (old != null) {
      old.forEach(ownerOfReplica::remove);
      old.forEach(routedPorts::remove);
    }
  }

  /** Whether a replica in this state may receive requests. */
  private static boolean routable(ReplicaStatus status) {
    return status.ready() && status.state() == ReplicaState.RUNNING && status.port() > 0;
  }

  private static <T> List<T> drain(Set<T> changes) {
    List<T> drained = new ArrayList<>();
    for (T item : changes) {
      if (changes.remove(item)) {
        drained.add(item);
      }
    }
    return drained;
  }
}
