package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.engine.store.LockTable;
import java.time.Instant;
import java.util.Optional;

/** Table {@code environment_locks}: one row per environment an apply holds. */
final class SqlLocks implements LockTable {
  private final SqlStoreTx tx;

  SqlLocks(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<EnvironmentLock> get(EnvironmentKey key) {
    return tx.reading()
        .createQuery(
            "SELECT id, instance, owner, operation, acquired_at, expires_at FROM environment_locks"
                + " WHERE project = :p AND environment = :e")
        .bind("p", key.project())
        .bind("e", key.environment())
        .map(
            (rs, ctx) ->
                new EnvironmentLock(
                    key,
                    rs.getString("id"),
                    rs.getString("instance"),
                    rs.getString("owner"),
                    rs.getString("operation"),
                    instant(rs, "acquired_at"),
                    instant(rs, "expires_at")))
        .findOne();
  }

  @Override
  public void put(EnvironmentLock l) {
    tx.writing()
        .createUpdate(
            "INSERT INTO environment_locks (project, environment, id, instance, owner, operation,"
                + " acquired_at, expires_at) VALUES (:p, :e, :id, :instance, :owner, :op,"
                + " :acquired, :expires) ON CONFLICT (project, environment) DO UPDATE SET"
                + " id = excluded.id, instance = excluded.instance, owner = excluded.owner,"
                + " operation = excluded.operation, acquired_at = excluded.acquired_at,"
                + " expires_at = excluded.expires_at")
        .bind("p", l.key().project())
        .bind("e", l.key().environment())
        .bind("id", l.id())
        .bind("instance", l.instance())
        .bind("owner", l.owner())
        .bind("op", l.operation())
        .bind("acquired", millis(l.acquiredAt()))
        .bind("expires", millis(l.expiresAt()))
        .execute();
  }

  @Override
  public boolean delete(EnvironmentKey key, String id) {
    return tx.writing()
            .createUpdate(
                "DELETE FROM environment_locks WHERE project = :p AND environment = :e"
                    + (id == null ? "" : " AND id = :id"))
            .bind("p", key.project())
            .bind("e", key.environment())
            .bind("id", id)
            .execute()
        > 0;
  }

  @Override
  public int extend(String instance, Instant expiresAt) {
    return tx.writing()
        .createUpdate("UPDATE environment_locks SET expires_at = :x WHERE instance = :i")
        .bind("x", millis(expiresAt))
        .bind("i", instance)
        .execute();
  }
}
