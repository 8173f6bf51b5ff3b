package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/** Applied environments. */
public interface EnvironmentTable {
  Optional<EnvironmentRecord> get(EnvironmentKey key);

  /** All environments, ordered by project then environment name. */
  List<EnvironmentRecord> list();

  /** Inserts or replaces the environment (keyed by {@link EnvironmentRecord#key()}). */
  void put(EnvironmentRecord record);

  /**
   * Deletes the environment and its services. Its replica records stay: the replica controller
   * stops them and deletes each record once its replica is gone.
   */
  void delete(EnvironmentKey key);
}
