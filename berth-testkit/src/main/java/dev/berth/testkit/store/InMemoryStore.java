package dev.berth.testkit.store;

import dev.berth.engine.store.Event;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link Store} in memory, for engine and server tests: the same semantics as the SQLite and
 * PostgreSQL stores (the {@link StoreContract} suite runs against all three), without a disk.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Writes are serialized by one lock. A write works on copies of the tables it changes and
 *       publishes them as a new {@link MemoryState} only when its function returns; if the function
 *       throws, the copies are dropped and nothing is visible, as with a rolled-back SQL
 *       transaction.
 *   <li>Reads take no lock: they see the state published last when they started, a consistent
 *       snapshot, and never a write in progress.
 *   <li>Instants are truncated to milliseconds on write, as the SQL stores keep them, so a test
 *       passing against this fake does not rely on a precision the real stores lack.
 *   <li>Event and token ids count up from 1.
 *   <li>Calling the store again from inside {@link #read} or {@link #write} on the same thread is
 *       refused with {@link IllegalStateException}: with a SQL store it would deadlock or see a
 *       different snapshot.
 * </ul>
 */
public final class InMemoryStore implements Store {
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final ConcurrentNavigableMap<Long, Event> eventLog = new ConcurrentSkipListMap<>();
  private final ThreadLocal<Boolean> inTransaction = ThreadLocal.withInitial(() -> false);
  private volatile MemoryState current = MemoryState.empty();
  private volatile boolean closed;

  @Override
  public <T> T read(Function<StoreTx, T> work) {
    Objects.requireNonNull(work, "work");
    enter();
    MemoryTx tx = new MemoryTx(current, eventLog, true);
    try {
      return work.apply(tx);
    } finally {
      tx.close();
      inTransaction.remove();
    }
  }

  @Override
  public <T> T write(Function<StoreTx, T> work) {
    Objects.requireNonNull(work, "work");
    enter();
    writeLock.lock();
    try {
      ensureOpen();
      MemoryTx tx = new MemoryTx(current, eventLog, false);
      T result;
      try {
        result = work.apply(tx);
      } finally {
        tx.close();
      }
      MemoryState next = tx.commitState();
      tx.pendingEvents().forEach(e -> eventLog.put(e.id(), e));
      current = next;
      return result;
    } finally {
      writeLock.unlock();
      inTransaction.remove();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void enter() {
    ensureOpen();
    if (inTransaction.get()) {
      throw new IllegalStateException(
          "Store.read/write called inside another read/write on the same thread; "
              + "use the StoreTx you were given");
    }
    inTransaction.set(true);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
  }
}
