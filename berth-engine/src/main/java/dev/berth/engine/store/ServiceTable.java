package dev.berth.engine.store;

import java.util.List;
import java.util.Optional;

/** Desired state of services. */
public interface ServiceTable {
  Optional<ServiceRecord> get(ServiceKey key);

  /** Services of one environment, in the order they were first stored (spec order). */
  List<ServiceRecord> list(EnvironmentKey env);

  /** Inserts or replaces (keyed by {@link ServiceRecord#key()}); keeps the original order. */
  void put(ServiceRecord record);

  void delete(ServiceKey key);
}
