package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.ConfigTable;
import dev.berth.engine.store.EnvironmentKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Table {@code config_vars}: one row per config var, secrets as ciphertext only (see {@link
 * ConfigRecord}). Rows come back in code point order of their key columns on both databases
 * (PostgreSQL's columns are {@code COLLATE "C"}, SQLite compares bytes).
 */
final class SqlConfig implements ConfigTable {
  private static final String COLUMNS =
      "project, environment, name, secret, value, wrapped_key, updated_at";

  private final SqlStoreTx tx;

  SqlConfig(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public List<ConfigRecord> list(EnvironmentKey env) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM config_vars WHERE project = :p AND environment = :e"
                + " ORDER BY name")
        .bind("p", env.project())
        .bind("e", env.environment())
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public Optional<ConfigRecord> get(EnvironmentKey env, String name) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM config_vars"
                + " WHERE project = :p AND environment = :e AND name = :n")
        .bind("p", env.project())
        .bind("e", env.environment())
        .bind("n", name)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public void put(ConfigRecord r) {
    tx.writing()
        .createUpdate(
            "INSERT INTO config_vars ("
                + COLUMNS
                + ")"
                + " VALUES (:p, :e, :n, :secret, :value, :wrapped, :at)"
                + " ON CONFLICT (project, environment, name) DO UPDATE SET"
                + " secret = excluded.secret, value = excluded.value,"
                + " wrapped_key = excluded.wrapped_key, updated_at = excluded.updated_at")
        .bind("p", r.env().project())
        .bind("e", r.env().environment())
        .bind("n", r.name())
        .bind("secret", r.secret())
        .bind("value", r.value())
        .bind("wrapped", r.wrappedKey())
        .bind("at", millis(r.updatedAt()))
        .execute();
  }

  @Override
  public boolean delete(EnvironmentKey env, String name) {
    return tx.writing()
            .createUpdate(
                "DELETE FROM config_vars WHERE project = :p AND environment = :e AND name = :n")
            .bind("p", env.project())
            .bind("e", env.environment())
            .bind("n", name)
            .execute()
        > 0;
  }

  @Override
  public List<ConfigRecord> secrets() {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM config_vars WHERE secret = :secret"
                + " ORDER BY project, environment, name")
        .bind("secret", true)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  private static ConfigRecord map(ResultSet rs) throws SQLException {
    return new ConfigRecord(
        new EnvironmentKey(rs.getString("project"), rs.getString("environment")),
        rs.getString("name"),
        rs.getBoolean("secret"),
        rs.getString("value"),
        rs.getString("wrapped_key"),
        instant(rs, "updated_at"));
  }
}
