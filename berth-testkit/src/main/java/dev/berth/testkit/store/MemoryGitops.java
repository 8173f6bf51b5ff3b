package dev.berth.testkit.store;

import dev.berth.engine.store.DeliveryTable;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.GitSourceTable;
import dev.berth.engine.store.TokenPolicy;
import dev.berth.engine.store.TokenPolicyTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The GitOps tables of one {@link MemoryTx}: tracked git sources, webhook deliveries seen, token
 * policies. Kept apart from {@link MemoryTx} so it stays small; the same copy-on-first-write rule:
 * {@link Tables} published in a {@link MemoryState} are never mutated, a transaction copies them.
 */
final class MemoryGitops {
  /** One version of the three tables. */
  record Tables(
      Map<EnvironmentKey, GitSourceRecord> sources,
      Map<String, Instant> deliveries,
      Map<Long, TokenPolicy> policies) {
    static Tables empty() {
      return new Tables(Map.of(), Map.of(), Map.of());
    }

    Tables copy() {
      return new Tables(
          order(sources), new java.util.HashMap<>(deliveries), new TreeMap<>(policies));
    }

    private static Map<EnvironmentKey, GitSourceRecord> order(
        Map<EnvironmentKey, GitSourceRecord> m) {
      Map<EnvironmentKey, GitSourceRecord> t = new TreeMap<>(ORDER);
      t.putAll(m);
      return t;
    }
  }

  private static final Comparator<EnvironmentKey> ORDER =
      Comparator.comparing(EnvironmentKey::project, CodePointOrder.INSTANCE)
          .thenComparing(EnvironmentKey::environment, CodePointOrder.INSTANCE);

  private final Supplier<Tables> view;
  private final Supplier<Tables> forWrite;

  MemoryGitops(Supplier<Tables> view, Supplier<Tables> forWrite) {
    this.view = view;
    this.forWrite = forWrite;
  }

  GitSourceTable sources() {
    return new GitSourceTable() {
      @Override
      public Optional<GitSourceRecord> get(EnvironmentKey key) {
        return Optional.ofNullable(view.get().sources().get(key));
      }

      @Override
      public List<GitSourceRecord> list() {
        List<GitSourceRecord> all = new ArrayList<>(view.get().sources().values());
        all.sort(Comparator.comparing(GitSourceRecord::key, ORDER));
        return all;
      }

      @Override
      public void put(GitSourceRecord r) {
        Objects.requireNonNull(r, "record");
        forWrite
            .get()
            .sources()
            .put(
                r.key(),
                r.looked(
                    r.state(),
                    r.observedCommit(),
                    r.syncedCommit(),
                    r.syncedMessage(),
                    r.plan(),
                    r.error(),
                    MemoryTx.millis(r.checkedAt())));
      }

      @Override
      public void delete(EnvironmentKey key) {
        forWrite.get().sources().remove(key);
      }
    };
  }

  DeliveryTable deliveries() {
    return new DeliveryTable() {
      @Override
      public boolean remember(String id, Instant at, Instant forgetBefore) {
        Objects.requireNonNull(id, "id");
        Map<String, Instant> seen = forWrite.get().deliveries();
        seen.values().removeIf(t -> t.isBefore(forgetBefore));
        if (seen.containsKey(id)) {
          return false;
        }
        seen.put(id, MemoryTx.millis(at));
        return true;
      }

      @Override
      public long count() {
        return view.get().deliveries().size();
      }
    };
  }

  TokenPolicyTable policies() {
    return new TokenPolicyTable() {
      @Override
      public Optional<TokenPolicy> get(long tokenId) {
        return Optional.ofNullable(view.get().policies().get(tokenId));
      }

      @Override
      public void put(TokenPolicy p) {
        Objects.requireNonNull(p, "policy");
        forWrite
            .get()
            .policies()
            .put(
                p.tokenId(),
                new TokenPolicy(
                    p.tokenId(),
                    p.project(),
                    p.environment(),
                    p.role(),
                    MemoryTx.millis(p.expiresAt()),
                    MemoryTx.millis(p.revokedAt())));
      }

      @Override
      public List<TokenPolicy> list() {
        return new ArrayList<>(view.get().policies().values());
      }
    };
  }
}
