package dev.berth.store.internal;

import org.jdbi.v3.core.HandleCallback;

/**
 * How one database runs a transaction: the only part of the store that differs between SQLite and
 * PostgreSQL (connections, locking, isolation); the tables' SQL is shared.
 */
interface Transactor extends AutoCloseable {
  /** Runs {@code work} in a read-only transaction over one consistent snapshot. */
  <T> T read(HandleCallback<T, RuntimeException> work);

  /**
   * Runs {@code work} in a transaction serialized with every other write to the same database, and
   * commits it durably; rolls back and rethrows if {@code work} throws.
   */
  <T> T write(HandleCallback<T, RuntimeException> work);

  @Override
  void close();
}
