package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.core.rollout.RolloutState;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.RolloutTable;
import dev.berth.engine.store.ServiceKey;
import java.util.Optional;

/** Table {@code rollouts}: one row per service with a rollout in progress. */
final class SqlRollouts implements RolloutTable {
  private final SqlStoreTx tx;

  SqlRollouts(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<RolloutRecord> get(ServiceKey key) {
    return tx.reading()
        .createQuery(
            "SELECT template_hash, started_at, last_progress_at, updated_available, rollback"
                + " FROM rollouts WHERE project = :p AND environment = :e AND service = :s")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .map(
            (rs, ctx) ->
                new RolloutRecord(
                    key,
                    rs.getString("template_hash"),
                    new RolloutState(
                        instant(rs, "started_at"),
                        instant(rs, "last_progress_at"),
                        rs.getInt("updated_available")),
                    rs.getBoolean("rollback")))
        .findOne();
  }

  @Override
  public void put(RolloutRecord r) {
    tx.writing()
        .createUpdate(
            "INSERT INTO rollouts (project, environment, service, template_hash, started_at,"
                + " last_progress_at, updated_available, rollback)"
                + " VALUES (:p, :e, :s, :hash, :started, :progress, :available, :rollback)"
                + " ON CONFLICT (project, environment, service) DO UPDATE SET"
                + " template_hash = excluded.template_hash, started_at = excluded.started_at,"
                + " last_progress_at = excluded.last_progress_at,"
                + " updated_available = excluded.updated_available, rollback = excluded.rollback")
        .bind("p", r.key().project())
        .bind("e", r.key().environment())
        .bind("s", r.key().service())
        .bind("hash", r.templateHash())
        .bind("started", millis(r.state().startedAt()))
        .bind("progress", millis(r.state().lastProgressAt()))
        .bind("available", r.state().updatedAvailable())
        .bind("rollback", r.rollback())
        .execute();
  }

  @Override
  public void delete(ServiceKey key) {
    tx.writing()
        .createUpdate(
            "DELETE FROM rollouts WHERE project = :p AND environment = :e AND service = :s")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .execute();
  }
}
