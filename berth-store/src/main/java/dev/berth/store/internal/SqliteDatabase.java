package dev.berth.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.berth.engine.store.Store;
import dev.berth.store.StoreException;
import dev.berth.store.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the embedded SQLite store: checks the data directory, migrates, then opens one writer
 * connection and a small pool of read-only connections.
 *
 * <p>Settings and why:
 *
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers never block the writer and the writer never blocks
 *       readers; each reader sees the last commit before its transaction began.
 *   <li>{@code synchronous=FULL}: the WAL is fsynced at every commit, so a commit that returned
 *       survives a power cut, not only a crash of the process ({@code NORMAL} would only promise
 *       the latter in WAL mode). The Store contract says a returned write is durable.
 *   <li>{@code foreign_keys=ON}: SQLite ignores foreign keys (and so the environment-to-services
 *       cascade) unless each connection turns them on.
 *   <li>{@code busy_timeout}: another process (a second {@code berth} on the same directory, the
 *       {@code sqlite3} shell) holding the lock makes us wait instead of failing at once.
 *   <li>Writes take a per-file lock in this JVM and {@code BEGIN IMMEDIATE}: two writers of this
 *       process never race for SQLite's lock, so SQLITE_BUSY cannot surface.
 * </ul>
 */
public final class SqliteDatabase {
  private static final int BUSY_TIMEOUT_MILLIS = 30_000;
  private static final int READERS = 4;
  private static final ConcurrentHashMap<Path, ReentrantLock> WRITE_LOCKS =
      new ConcurrentHashMap<>();

  private SqliteDatabase() {}

  /** See {@link Stores#openSqlite(Path)}. */
  public static Store open(Path dataDir) {
    Path dir = DataDirectory.prepare(dataDir);
    Path file;
    try {
      file = dir.toRealPath().resolve(Stores.SQLITE_FILE);
    } catch (IOException e) {
      throw new StoreException(
          "cannot use data directory "
              + dir
              + ": "
              + e.getMessage()
              + "; choose another with --data-dir",
          e);
    }
    String where = "the Berth database " + file;
    ReentrantLock writeLock = WRITE_LOCKS.computeIfAbsent(file, f -> new ReentrantLock(true));
    writeLock.lock();
    Connection writer = null;
    HikariDataSource readers = null;
    try {
      SQLiteDataSource writes = dataSource(file, true);
      Migrations.migrate(writes, "db/migration/sqlite", null, where, "--data-dir", null);
      writer = writes.getConnection();
      readers = readerPool(file);
      return new JdbiStore(new SqliteTransactor(writeLock, writer, readers), "SQLite " + file);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(writer, readers);
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException(
          "cannot open "
              + where
              + ": "
              + Errors.reason(e, null)
              + "; move the file away or choose another --data-dir",
          e);
    } finally {
      writeLock.unlock();
    }
  }

  static SQLiteDataSource dataSource(Path file, boolean writer) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    if (writer) {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  private static HikariDataSource readerPool(Path file) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource(file, false));
    config.setPoolName("berth-sqlite-readers");
    config.setMaximumPoolSize(READERS);
    config.setMinimumIdle(1);
    config.setConnectionInitSql("PRAGMA query_only = ON");
    return new HikariDataSource(config);
  }

  private static void closeQuietly(Connection writer, HikariDataSource readers) {
    if (readers != null) {
      readers.close();
    }
    if (writer != null) {
      try {
        writer.close();
      } catch (SQLException ignored) {
        // already failing; the first error is the one to report
      }
    }
  }
}
