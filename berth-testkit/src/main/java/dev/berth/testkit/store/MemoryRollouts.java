package dev.berth.testkit.store;

import dev.berth.core.rollout.RolloutState;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.RolloutTable;
import dev.berth.engine.store.ServiceKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The rollout table of one {@link MemoryTx}: one record per service, refused for a service that
 * does not exist (as the SQL stores' foreign key does), instants truncated to milliseconds.
 */
final class MemoryRollouts implements RolloutTable {
  private final Supplier<Map<ServiceKey, RolloutRecord>> view;
  private final Supplier<Map<ServiceKey, RolloutRecord>> forWrite;
  private final Predicate<ServiceKey> serviceExists;

  MemoryRollouts(
      Supplier<Map<ServiceKey, RolloutRecord>> view,
      Supplier<Map<ServiceKey, RolloutRecord>> forWrite,
      Predicate<ServiceKey> serviceExists) {
    this.view = view;
    this.forWrite = forWrite;
    this.serviceExists = serviceExists;
  }

  @Override
  public Optional<RolloutRecord> get(ServiceKey key) {
    return Optional.ofNullable(view.get().get(key));
  }

  @Override
  public void put(RolloutRecord r) {
    Objects.requireNonNull(r, "rollout");
    if (!serviceExists.test(r.key())) {
      throw new IllegalStateException("cannot store a rollout of " + r.key() + ": no service");
    }
    RolloutState s = r.state();
    forWrite
        .get()
        .put(
            r.key(),
            new RolloutRecord(
                r.key(),
                r.templateHash(),
                new RolloutState(
                    MemoryTx.millis(s.startedAt()),
                    MemoryTx.millis(s.lastProgressAt()),
                    s.updatedAvailable()),
                r.rollback()));
  }

  @Override
  public void delete(ServiceKey key) {
    forWrite.get().remove(key);
  }
}
