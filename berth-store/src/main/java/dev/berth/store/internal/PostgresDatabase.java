package dev.berth.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.berth.engine.store.Store;
import dev.berth.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens the PostgreSQL store: parses the URL, connects once without a pool (so a server that is
 * down or refuses the login gives one clear line, not a pool's retry log), migrates, then serves
 * from a HikariCP pool.
 */
public final class PostgresDatabase {
  private static final int POOL_SIZE = 8;

  private PostgresDatabase() {}

  /** See {@link dev.berth.store.Stores#openPostgres(String)}. */
  public static Store open(String url) {
    PostgresUrl pg = PostgresUrl.parse(url);
    PGSimpleDataSource direct;
    try {
      direct = dataSource(pg);
    } catch (IllegalArgumentException e) {
      throw failure("invalid database URL for ", pg, e);
    }
    try (Connection probe = direct.getConnection()) {
      probe.isValid(5);
    } catch (SQLException | RuntimeException e) {
      throw failure("cannot connect to PostgreSQL at ", pg, e);
    }
    String where = "the Berth database at " + pg.display() + schemaSuffix(pg);
    Migrations.migrate(
        direct, "db/migration/postgresql", pg.schema(), where, "--database", pg.password());
    HikariConfig config = new HikariConfig();
    config.setDataSource(direct);
    config.setPoolName("berth-postgres");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw failure("cannot connect to PostgreSQL at ", pg, e);
    }
    long lockKey = ("berth-store-writes:" + (pg.schema() == null ? "" : pg.schema())).hashCode();
    return new JdbiStore(
        new PostgresTransactor(pool, lockKey), "PostgreSQL " + pg.display() + schemaSuffix(pg));
  }

  private static PGSimpleDataSource dataSource(PostgresUrl pg) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(pg.jdbcUrl());
    if (pg.user() != null) {
      ds.setUser(pg.user());
    }
    if (pg.password() != null) {
      ds.setPassword(pg.password());
    }
    return ds;
  }

  private static String schemaSuffix(PostgresUrl pg) {
    return pg.schema() == null ? "" : " (schema " + pg.schema() + ")";
  }

  /** A one-line error naming the database (never its password) and the flag to fix. */
  private static StoreException failure(String what, PostgresUrl pg, Exception e) {
    return new StoreException(
        what + pg.display() + ": " + Errors.reason(e, pg.password()) + "; check --database", e);
  }
}
