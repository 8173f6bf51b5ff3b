package dev.berth.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * SQLite transactions: every write on the one writer connection under the file's JVM-wide lock (so
 * writes are serial and SQLITE_BUSY never reaches a caller), reads on pooled {@code query_only}
 * connections, concurrently with each other and with the writer (WAL).
 *
 * <p>A read is one deferred transaction: SQLite fixes its snapshot at the first SELECT, and every
 * later SELECT of the same read sees the same snapshot.
 */
final class SqliteTransactor implements Transactor {
  private final ReentrantLock writeLock;
  private final Handle writer;
  private final HikariDataSource readPool;
  private final Jdbi readers;
  private boolean closed;

  SqliteTransactor(ReentrantLock writeLock, Connection writer, HikariDataSource readPool) {
    this.writeLock = writeLock;
    this.writer = StoreJdbi.configure(Jdbi.create((ConnectionFactory) () -> writer)).open();
    this.readPool = readPool;
    this.readers = StoreJdbi.configure(Jdbi.create(readPool));
  }

  @Override
  public <T> T read(HandleCallback<T, RuntimeException> work) {
    return readers.inTransaction(work);
  }

  @Override
  public <T> T write(HandleCallback<T, RuntimeException> work) {
    writeLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the store is closed");
      }
      return writer.inTransaction(work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      readPool.close();
      try {
        // Fold the WAL back into the database file so a closed store is one self-contained file.
        writer.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list();
      } catch (RuntimeException ignored) {
        // best effort: the WAL is replayed on the next open anyway
      }
      writer.close();
    } finally {
      writeLock.unlock();
    }
  }
}
