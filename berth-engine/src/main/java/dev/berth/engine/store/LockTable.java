package dev.berth.engine.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Apply locks, one row per locked environment. Deciding who gets a lock is the engine's (in one
 * write transaction, which every store serializes); this table only stores it.
 */
public interface LockTable {
  Optional<EnvironmentLock> get(EnvironmentKey key);

  /** Inserts or replaces the environment's lock. */
  void put(EnvironmentLock lock);

  /**
   * Deletes the environment's lock if its id is {@code id} (any lock when null); whether it did.
   */
  boolean delete(EnvironmentKey key, String id);

  /** Moves the expiry of every lock {@code instance} holds to {@code expiresAt}; how many. */
  int extend(String instance, Instant expiresAt);
}
