package dev.berth.testkit.store;

import dev.berth.core.cron.CronRun;
import dev.berth.engine.store.CronState;
import dev.berth.engine.store.CronTable;
import dev.berth.engine.store.ServiceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cron tables of one {@link MemoryTx}: per service an immutable {@link Tables} value, replaced
 * on each change (so a committed state is never mutated). Refuses a service that does not exist, as
 * the SQL stores' foreign keys do; a run id is unique within its environment, as their primary key;
 * instants are truncated to milliseconds.
 */
final class MemoryCron implements CronTable {

  /** One service's cron state and runs (by id). Immutable. */
  record Tables(CronState state, Map<String, CronRun> runs) {
    Tables {
      runs = java.util.Collections.unmodifiableMap(new TreeMap<>(runs));
    }
  }

  private static final Comparator<CronRun> NEWEST_FIRST =
      Comparator.comparing(CronRun::scheduledAt)
          .thenComparing(CronRun::id, CodePointOrder.INSTANCE)
          .reversed();

  private final Supplier<Map<ServiceKey, Tables>> view;
  private final Supplier<Map<ServiceKey, Tables>> forWrite;
  private final Predicate<ServiceKey> serviceExists;

  MemoryCron(
      Supplier<Map<ServiceKey, Tables>> view,
      Supplier<Map<ServiceKey, Tables>> forWrite,
      Predicate<ServiceKey> serviceExists) {
    this.view = view;
    this.forWrite = forWrite;
    this.serviceExists = serviceExists;
  }

  private Tables tables(ServiceKey key) {
    Tables t = view.get().get(key);
    return t == null ? new Tables(null, Map.of()) : t;
  }

  private void requireService(ServiceKey key) {
    if (!serviceExists.test(key)) {
      throw new IllegalStateException("cannot store cron data of " + key + ": no service");
    }
  }

  @Override
  public Optional<CronState> state(ServiceKey key) {
    return Optional.ofNullable(tables(key).state());
  }

  @Override
  public void putState(CronState s) {
    Objects.requireNonNull(s, "state");
    requireService(s.key());
    Tables t = tables(s.key());
    forWrite
        .get()
        .put(
            s.key(),
            new Tables(
                new CronState(s.key(), MemoryTx.millis(s.lastScheduled()), s.suspended()),
                t.runs()));
  }

  @Override
  public boolean insert(ServiceKey key, CronRun run) {
    check(key, run);
    for (Map.Entry<ServiceKey, Tables> e : view.get().entrySet()) {
      if (e.getKey().environmentKey().equals(key.environmentKey())
          && e.getValue().runs().containsKey(run.id())) {
        return false;
      }
    }
    put(key, run);
    return true;
  }

  @Override
  public void update(ServiceKey key, CronRun run) {
    check(key, run);
    CronRun old = tables(key).runs().get(run.id());
    if (old == null || !old.scheduledAt().equals(MemoryTx.millis(run.scheduledAt()))) {
      throw new IllegalStateException("no run " + run.id() + " of " + key + " to update");
    }
    put(key, run);
  }

  private void check(ServiceKey key, CronRun run) {
    Objects.requireNonNull(run, "run");
    requireService(key);
    if (!run.service().equals(key.service())) {
      throw new IllegalArgumentException("run " + run.id() + " is not of " + key);
    }
  }

  private void put(ServiceKey key, CronRun r) {
    Tables t = tables(key);
    Map<String, CronRun> runs = new TreeMap<>(t.runs());
    runs.put(
        r.id(),
        new CronRun(
            r.id(),
            r.service(),
            MemoryTx.millis(r.scheduledAt()),
            r.manual(),
            r.state(),
            r.attempt(),
            MemoryTx.millis(r.startedAt()),
            MemoryTx.millis(r.endedAt()),
            r.exitCode(),
            MemoryTx.millis(r.retryAt()),
            r.stopping()));
    forWrite.get().put(key, new Tables(t.state(), runs));
  }

  @Override
  public Optional<CronRun> get(ServiceKey key, String id) {
    return Optional.ofNullable(tables(key).runs().get(id));
  }

  @Override
  public List<CronRun> list(ServiceKey key) {
    List<CronRun> all = new ArrayList<>(tables(key).runs().values());
    all.sort(NEWEST_FIRST);
    return all;
  }

  @Override
  public void delete(ServiceKey key, String id) {
    Tables t = view.get().get(key);
    if (t == null || !t.runs().containsKey(id)) {
      return;
    }
    Map<String, CronRun> runs = new TreeMap<>(t.runs());
    runs.remove(id);
    forWrite.get().put(key, new Tables(t.state(), runs));
  }
}
