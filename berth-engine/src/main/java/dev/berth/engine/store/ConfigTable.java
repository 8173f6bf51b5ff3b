package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * Config vars, per environment and name. Independent of the environment's services: config can be
 * set before the first apply and stays until unset or the environment is destroyed.
 */
public interface ConfigTable {
  /** The environment's vars, by name (code point order). */
  List<ConfigRecord> list(EnvironmentKey env);

  Optional<ConfigRecord> get(EnvironmentKey env, String name);

  /** Inserts or replaces the var {@code (env, name)}. */
  void put(ConfigRecord record);

  /** Removes it; returns whether it existed. */
  boolean delete(EnvironmentKey env, String name);

  /** Every secret of every environment (for key rotation and the redactor), in key order. */
  List<ConfigRecord> secrets();
}
