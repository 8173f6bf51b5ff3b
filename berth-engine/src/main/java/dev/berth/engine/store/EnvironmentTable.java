package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/** Applied environments. */
public interface EnvironmentTable {
  Optional<EnvironmentRecord> get(EnvironmentKey key);

  /**
   * The environment's source directory, or empty if it is not applied: what the replica controller
   * needs on every reconcile, without the stored spec text, which grows with the number of services
   * (reading it per reconcile would make applying N services cost N squared).
   */
  Optional<String> sourceDir(EnvironmentKey key);

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
