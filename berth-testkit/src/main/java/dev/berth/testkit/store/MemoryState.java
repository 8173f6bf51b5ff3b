package dev.berth.testkit.store;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.TokenRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One committed version of the in-memory store's tables (events excepted: they live in an
 * append-only log shared by all versions, and {@code lastEventId} says how much of it this version
 * sees).
 *
 * <p>Invariant: once published by {@link InMemoryStore}, nothing reachable from a state is ever
 * mutated again; a transaction copies a table before its first change. That is what makes every
 * read a consistent snapshot without a lock.
 */
record MemoryState(
    Map<EnvironmentKey, EnvironmentRecord> environments,
    Map<EnvironmentKey, LinkedHashMap<String, ServiceRecord>> services,
    Map<String, ReplicaRecord> replicas,
    List<TokenRecord> tokens,
    Map<EnvironmentKey, List<ReleaseRecord>> releases,
    List<AuditEntry> audit,
    Map<ServiceKey, RolloutRecord> rollouts,
    Map<ServiceKey, MemoryCron.Tables> cron,
    long lastEventId,
    MemoryPlanTables.State plan,
    Map<
            dev.berth.engine.store.EnvironmentKey,
            java.util.SortedMap<String, dev.berth.engine.store.ConfigRecord>>
        config,
    MemoryGitops.Tables gitops) {

  static MemoryState empty() {
    return new MemoryState(
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        Map.of(),
        List.of(),
        Map.of(),
        Map.of(),
        0,
        MemoryPlanTables.State.EMPTY,
        Map.of(),
        MemoryGitops.Tables.empty());
  }
}
