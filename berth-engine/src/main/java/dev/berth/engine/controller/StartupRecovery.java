package dev.berth.engine.controller;

import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.runtime.Runtime;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the control plane does once at start, before serving: claim every replica it recorded (so
 * their statuses wake the right service), deal with the processes an earlier control plane of this
 * installation left running ({@link Runtime#leftovers()}, found on the machine, not remembered),
 * and queue every service for a reconcile.
 *
 * <p>Leftovers are triaged by {@link LeftoverTriage}: one no record claims is stopped (the control
 * plane died between starting it and recording it); one a record claims under another incarnation
 * becomes that record's incarnation. The reconciles then adopt every recorded replica whose process
 * still runs and replace those whose process is gone: never a duplicate, never a leak. Processes of
 * another installation are never reported by the runtime, so never touched.
 */
public final class StartupRecovery {
  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  private StartupRecovery() {}

  /** Returns the keys queued. */
  public static Set<ServiceKey> run(
      Store store,
      Runtime runtime,
      RuntimeCache cache,
      Consumer<ServiceKey> wake,
      Duration grace,
      Clock clock) {
    Set<ServiceKey> keys = new LinkedHashSet<>();
    List<ReplicaRecord> replicas =
        store.read(
            tx -> {
              for (var env : tx.environments().list()) {
                tx.services().list(env.key()).stream().map(ServiceRecord::key).forEach(keys::add);
              }
              return tx.replicas().all();
            });
    for (ReplicaRecord r : replicas) {
      cache.own(r.id(), r.key());
      keys.add(r.key());
    }
    LeftoverTriage.Plan plan =
        LeftoverTriage.decide(replicas, runtime.leftovers(), clock.instant());
    if (!plan.reclaimed().isEmpty()) {
      store.write(
          tx -> {
            for (ReplicaRecord r : plan.reclaimed()) {
              log.info(
                  "replica {} runs as pid {}, not as recorded: adopting that process",
                  r.id(),
                  r.incarnation().pid());
              tx.replicas().put(r);
            }
            return null;
          });
    }
    for (Leftover l : plan.stop()) {
      log.warn(
          "stopping replica {} (pid {}): left running by an earlier control plane, and no record"
              + " claims it",
          l.replicaId(),
          l.incarnation().pid());
      runtime.stop(l.replicaId(), l.incarnation(), grace);
    }
    keys.forEach(wake);
    return keys;
  }
}
