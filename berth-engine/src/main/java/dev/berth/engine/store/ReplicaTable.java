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

  /** Every replica of every service, oldest first: admission and recovery need the whole node. */
  List<ReplicaRecord> all();

  /** Inserts or replaces (keyed by {@link ReplicaRecord#id()}). */
  void put(ReplicaRecord record);

  void delete(String id);
}
