package dev.berth.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * PostgreSQL transactions.
 *
 * <p>Writes take a transaction-scoped advisory lock first, so writes to one Berth schema run one at
 * a time, even from several processes. That gives the same semantics as SQLite and the in-memory
 * store: no lost update in a read-modify-write (READ COMMITTED alone would allow one), and event
 * ids ({@code BIGSERIAL}) handed out in commit order, so a follower reading {@code id > afterId}
 * never skips an event that committed after a larger id. A control plane writes little; serial
 * writes cost nothing that matters.
 *
 * <p>Reads are {@code REPEATABLE READ, READ ONLY}: one snapshot for the whole read, and no way to
 * change anything.
 */
final class PostgresTransactor implements Transactor {
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final long lockKey;

  PostgresTransactor(HikariDataSource pool, long lockKey) {
    this.pool = pool;
    this.jdbi = StoreJdbi.configure(Jdbi.create(pool));
    this.lockKey = lockKey;
  }

  @Override
  public <T> T read(HandleCallback<T, RuntimeException> work) {
    return jdbi.inTransaction(
        h -> {
          h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          return work.withHandle(h);
        });
  }

  @Override
  public <T> T write(HandleCallback<T, RuntimeException> work) {
    return jdbi.inTransaction(
        h -> {
          h.createQuery("SELECT pg_advisory_xact_lock(:key)")
              .bind("key", lockKey)
              .map((rs, ctx) -> Boolean.TRUE)
              .one();
          return work.withHandle(h);
        });
  }

  @Override
  public void close() {
    pool.close();
  }
}
