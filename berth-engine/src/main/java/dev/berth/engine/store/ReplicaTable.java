package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/** Replicas the control plane has created and not yet forgotten. */
public interface ReplicaTable {
  Optional<ReplicaRecord> get(String id);

  /** Replicas of one service, oldest first (by creation, then id). */
  List<ReplicaRecord> list(ServiceKey key);

  /**
   * Replicas of one environment, oldest first, those of services no longer in its spec included
   * (they are still stopping): what status and destroy need, without reading every environment's.
   */
  List<ReplicaRecord> list(EnvironmentKey env);

  /**
   * Every replica of every service, oldest first. Only for work done once (recovery at start-up):
   * it grows with the machine, so nothing that runs per reconcile or per request may call it.
   */
  List<ReplicaRecord> all();

  /**
   * What the replicas placed on {@code node} hold ({@link NodeUsage#sum} over its replicas), kept
   * up to date by the store as replicas change: one indexed row, whatever the number of replicas,
   * so admission does not grow with the machine. {@link NodeUsage#NONE} for a node without any.
   */
  NodeUsage usage(String node);

  /** Inserts or replaces (keyed by {@link ReplicaRecord#id()}). */
  void put(ReplicaRecord record);

  void delete(String id);
}
