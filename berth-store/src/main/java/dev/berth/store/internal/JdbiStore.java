package dev.berth.store.internal;

import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The {@link Store} over SQL: wraps each call in one transaction of its {@link Transactor} and
 * hands {@code work} a {@link SqlStoreTx} that lives exactly as long as the transaction.
 *
 * <p>Calling the store again from inside {@code work} on the same thread is refused with {@link
 * IllegalStateException}: a nested write would wait for the lock its own thread holds (SQLite) or
 * for its own advisory lock (PostgreSQL), and a nested read would see another snapshot.
 */
public final class JdbiStore implements Store {
  private final Transactor transactor;
  private final SpecJson json = new SpecJson();
  private final String description;
  private final ThreadLocal<Boolean> inTransaction = ThreadLocal.withInitial(() -> false);
  private volatile boolean closed;

  JdbiStore(Transactor transactor, String description) {
    this.transactor = transactor;
    this.description = description;
  }

  @Override
  public <T> T read(Function<StoreTx, T> work) {
    Objects.requireNonNull(work, "work");
    enter();
    try {
      return transactor.read(handle -> run(handle, work, true));
    } finally {
      inTransaction.remove();
    }
  }

  @Override
  public <T> T write(Function<StoreTx, T> work) {
    Objects.requireNonNull(work, "work");
    enter();
    try {
      return transactor.write(handle -> run(handle, work, false));
    } finally {
      inTransaction.remove();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      transactor.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private <T> T run(Handle handle, Function<StoreTx, T> work, boolean readOnly) {
    SqlStoreTx tx = new SqlStoreTx(handle, json, readOnly);
    try {
      return work.apply(tx);
    } finally {
      tx.close();
    }
  }

  private void enter() {
    if (closed) {
      throw new IllegalStateException("the store is closed: " + description);
    }
    if (inTransaction.get()) {
      throw new IllegalStateException(
          "Store.read/write called inside another read/write on the same thread; "
              + "use the StoreTx you were given");
    }
    inTransaction.set(true);
  }
}
