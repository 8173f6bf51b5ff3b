package dev.berth.engine.gitops;

import dev.berth.engine.queue.Reconciler;
import dev.berth.engine.queue.Result;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The GitOps schedule: one key per tracked environment in a delay queue, due every {@link
 * GitSourceRecord#interval()}; a webhook or {@code berth env sync} adds the key to look at once.
 *
 * <p>Invariants: it never sleeps and never throws for a failed sync ({@link SyncService} records
 * it), so a broken repository is looked at again after its interval, not in a retry storm; a key
 * added early (webhook) looks at once, a key due by schedule looks only when its interval has
 * passed since the last look by the clock given (so two wake-ups in a row do not fetch twice, and a
 * clock that jumps back delays the next look by at most one interval); an untracked key is dropped.
 */
public final class SyncController implements Reconciler<EnvironmentKey> {
  private final Store store;
  private final SyncService sync;
  private final Clock clock;
  private final Consumer<EnvironmentKey> queueAll;
  private final java.util.Set<EnvironmentKey> woken =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param queueAll adds a key to the controller's queue now (used by {@link #queueAll()})
   */
  public SyncController(
      Store store, SyncService sync, Clock clock, Consumer<EnvironmentKey> queueAll) {
    this.store = store;
    this.sync = sync;
    this.clock = clock;
    this.queueAll = queueAll;
  }

  /** Queues every tracked environment: at start, each is looked at once. */
  public void queueAll() {
    for (GitSourceRecord s : store.read(tx -> tx.gitSources().list())) {
      wake(s.key());
    }
  }

  /** Asks for a look at {@code key} at its next reconcile, whatever its schedule. */
  public void wake(EnvironmentKey key) {
    woken.add(key);
    queueAll.accept(key);
  }

  @Override
  public Result reconcile(EnvironmentKey key) {
    Optional<GitSourceRecord> src = store.read(tx -> tx.gitSources().get(key));
    if (src.isEmpty()) {
      woken.remove(key);
      return Result.done();
    }
    Duration interval = src.get().interval();
    Instant now = clock.instant();
    Instant last = src.get().checkedAt();
    boolean asked = woken.remove(key);
    if (!asked && last != null && now.isBefore(last.plus(interval)) && !now.isBefore(last)) {
      return Result.requeueAfter(Duration.between(now, last.plus(interval)));
    }
    sync.sync(key, false);
    return Result.requeueAfter(interval);
  }
}
