package dev.berth.engine.store;

import java.util.Optional;

/** Rollouts in progress, one per service at most; deleted with their service. */
public interface RolloutTable {
  Optional<RolloutRecord> get(ServiceKey key);

  /** Inserts or replaces the service's rollout. */
  void put(RolloutRecord rollout);

  /** Forgets the service's rollout (it completed); nothing happens if there is none. */
  void delete(ServiceKey key);
}
