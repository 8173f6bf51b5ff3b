package dev.berth.testkit.store;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.engine.store.LockTable;
import dev.berth.engine.store.SerialTable;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The apply locks and state serials of one {@link MemoryTx}, copied on first change as every
 * in-memory table is, so a write that throws leaves them untouched. Instants are truncated to
 * milliseconds, as the SQL stores keep them.
 */
final class MemoryPlanTables {
  /**
   * One committed version of both tables.
   *
   * @param locks the lock of each locked environment
   * @param serials the serial of each environment ever changed
   */
  record State(Map<EnvironmentKey, EnvironmentLock> locks, Map<EnvironmentKey, Long> serials) {
    static final State EMPTY = new State(Map.of(), Map.of());
  }

  private final State base;
  private final Runnable checkOpen;
  private final Runnable checkWritable;
  private Map<EnvironmentKey, EnvironmentLock> locks;
  private Map<EnvironmentKey, Long> serials;

  MemoryPlanTables(State base, Runnable checkOpen, Runnable checkWritable) {
    this.base = base;
    this.checkOpen = checkOpen;
    this.checkWritable = checkWritable;
  }

  State commit() {
    return new State(
        locks == null ? base.locks() : Collections.unmodifiableMap(locks),
        serials == null ? base.serials() : Collections.unmodifiableMap(serials));
  }

  LockTable locks() {
    return new LockTable() {
      @Override
      public Optional<EnvironmentLock> get(EnvironmentKey key) {
        return Optional.ofNullable(lockView().get(key));
      }

      @Override
      public void put(EnvironmentLock l) {
        Objects.requireNonNull(l, "lock");
        lockWrite()
            .put(
                l.key(),
                new EnvironmentLock(
                    l.key(),
                    l.id(),
                    l.instance(),
                    l.owner(),
                    l.operation(),
                    MemoryTx.millis(l.acquiredAt()),
                    MemoryTx.millis(l.expiresAt())));
      }

      @Override
      public boolean delete(EnvironmentKey key, String id) {
        EnvironmentLock l = lockView().get(key);
        if (l == null || (id != null && !id.equals(l.id()))) {
          checkWritable.run();
          return false;
        }
        lockWrite().remove(key);
        return true;
      }

      @Override
      public int extend(String instance, Instant expiresAt) {
        checkWritable.run();
        int n = 0;
        for (EnvironmentLock l : Map.copyOf(lockView()).values()) {
          if (l.instance().equals(instance)) {
            lockWrite()
                .put(
                    l.key(),
                    new EnvironmentLock(
                        l.key(),
                        l.id(),
                        l.instance(),
                        l.owner(),
                        l.operation(),
                        l.acquiredAt(),
                        MemoryTx.millis(expiresAt)));
            n++;
          }
        }
        return n;
      }
    };
  }

  SerialTable serials() {
    return new SerialTable() {
      @Override
      public long get(EnvironmentKey key) {
        checkOpen.run();
        return (serials == null ? base.serials() : serials).getOrDefault(key, 0L);
      }

      @Override
      public long bump(EnvironmentKey key) {
        checkWritable.run();
        if (serials == null) {
          serials = new HashMap<>(base.serials());
        }
        return serials.merge(key, 1L, Long::sum);
      }
    };
  }

  private Map<EnvironmentKey, EnvironmentLock> lockView() {
    checkOpen.run();
    return locks == null ? base.locks() : locks;
  }

  private Map<EnvironmentKey, EnvironmentLock> lockWrite() {
    checkWritable.run();
    if (locks == null) {
      locks = new HashMap<>(base.locks());
    }
    return locks;
  }
}
