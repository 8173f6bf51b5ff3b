package dev.berth.engine.controller;

import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.ServiceKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The informer cache of the replica controller: the latest status the runtime reported for each
 * replica, and which service each replica belongs to so a status change wakes the right key.
 *
 * <p>Invariant: {@link #status} never returns a status older than one already returned for the same
 * replica (updates are applied in the order the runtime reports them). Thread-safe: the runtime
 * reports from its threads, reconciles read from theirs.
 */
public final class RuntimeCache {
  private final Map<String, ReplicaStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, ServiceKey> owners = new ConcurrentHashMap<>();
  private final Set<ServiceKey> waitingForCapacity = ConcurrentHashMap.newKeySet();
  private final Consumer<ServiceKey> wake;

  /**
   * @param wake called with the owning service whenever one of its replicas changes, and with every
   *     service that has replicas waiting for capacity when {@link #capacityFreed} is called
   */
  public RuntimeCache(Consumer<ServiceKey> wake) {
    this.wake = wake;
  }

  /** Subscribes to the runtime and loads its current statuses. */
  public void attach(Runtime runtime) {
    runtime.watch(this::onStatus);
    // a status reported between watch and list is newer than the snapshot: keep it
    runtime.list().forEach(s -> statuses.putIfAbsent(s.id(), s));
  }

  /** Records a status reported by the runtime and wakes the owning service. */
  public void onStatus(ReplicaStatus status) {
    ServiceKey owner = owners.get(status.id());
    if (owner == null && status.state() == ReplicaState.TERMINATED) {
      statuses.remove(status.id()); // a leftover stopped, or a forgotten replica: nothing to keep
    } else {
      statuses.put(status.id(), status);
    }
    if (owner != null) {
      wake.accept(owner);
    }
  }

  /**
   * Wakes every service waiting for capacity. Called once a placed replica's record is deleted, not
   * when its process ends: until the owner's reconcile deletes the record, the node's usage still
   * counts it, and a waiting service woken earlier would find no room and sleep until its recheck.
   */
  public void capacityFreed() {
    waitingForCapacity.forEach(wake);
  }

  /** Declares which service a replica belongs to (before the runtime is asked to run it). */
  public void own(String replicaId, ServiceKey key) {
    owners.put(replicaId, key);
  }

  /** Forgets a replica whose record is gone. */
  public void forget(String replicaId) {
    owners.remove(replicaId);
    statuses.remove(replicaId);
  }

  public Optional<ReplicaStatus> status(String replicaId) {
    return Optional.ofNullable(statuses.get(replicaId));
  }

  /** Marks whether a service has replicas waiting for capacity. */
  public void setWaitingForCapacity(ServiceKey key, boolean waiting) {
    if (waiting) {
      waitingForCapacity.add(key);
    } else {
      waitingForCapacity.remove(key);
    }
  }
}
