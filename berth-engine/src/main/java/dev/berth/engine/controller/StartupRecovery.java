package dev.berth.engine.controller;

import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the control plane does once at start, before serving: claim every replica it recorded (so
 * their statuses wake the right service), stop replicas the runtime reports that no record claims
 * (leftovers of a control plane that died between starting a process and recording it), and queue
 * every service for a reconcile. The reconciles then adopt recorded replicas that still run, via
 * their incarnation, and replace those that do not: never a duplicate, never a leak.
 */
public final class StartupRecovery {
  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  private StartupRecovery() {}

  /** Returns the keys queued. */
  public static Set<ServiceKey> run(
      Store store, Runtime runtime, RuntimeCache cache, Consumer<ServiceKey> wake, Duration grace) {
    Set<ServiceKey> keys = new LinkedHashSet<>();
    List<ReplicaRecord> replicas =
        store.read(
            tx -> {
              for (var env : tx.environments().list()) {
                tx.services().list(env.key()).stream().map(ServiceRecord::key).forEach(keys::add);
              }
              return tx.replicas().all();
            });
    Set<String> recorded = new HashSet<>();
    for (ReplicaRecord r : replicas) {
      cache.own(r.id(), r.key());
      keys.add(r.key());
      recorded.add(r.id());
    }
    for (ReplicaStatus s : runtime.list()) {
      if (!recorded.contains(s.id()) && s.state() != ReplicaState.TERMINATED) {
        log.warn("stopping replica {} (pid {}): left running but not recorded", s.id(), s.pid());
        runtime.stop(s.id(), s.incarnation(), grace);
      }
    }
    keys.forEach(wake);
    return keys;
  }
}
