package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.instantOrNull;
import static dev.berth.store.internal.SqlStoreTx.millis;
import static dev.berth.store.internal.SqlStoreTx.millisOrNull;

import dev.berth.core.cron.CronRun;
import dev.berth.engine.store.CronState;
import dev.berth.engine.store.CronTable;
import dev.berth.engine.store.ServiceKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;

/**
 * Tables {@code cron_runs} and {@code cron_state}. {@link #insert} relies on the primary key with
 * {@code ON CONFLICT DO NOTHING}: on PostgreSQL a concurrent insert of the same id waits for the
 * other transaction and then reports no row inserted, so only one control plane starts the run.
 */
final class SqlCron implements CronTable {
  private static final String COLUMNS =
      "service, id, scheduled_at, manual, state, attempt, started_at, ended_at, exit_code,"
          + " retry_at, stopping";

  private final SqlStoreTx tx;

  SqlCron(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<CronState> state(ServiceKey key) {
    return tx.reading()
        .createQuery(
            "SELECT last_scheduled, suspended FROM cron_state"
                + " WHERE project = :p AND environment = :e AND service = :s")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .map(
            (rs, ctx) ->
                new CronState(key, instant(rs, "last_scheduled"), rs.getBoolean("suspended")))
        .findOne();
  }

  @Override
  public void putState(CronState state) {
    ServiceKey key = state.key();
    tx.writing()
        .createUpdate(
            "INSERT INTO cron_state (project, environment, service, last_scheduled, suspended)"
                + " VALUES (:p, :e, :s, :last, :suspended)"
                + " ON CONFLICT (project, environment, service) DO UPDATE SET"
                + " last_scheduled = excluded.last_scheduled, suspended = excluded.suspended")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .bind("last", millis(state.lastScheduled()))
        .bind("suspended", state.suspended())
        .execute();
  }

  @Override
  public boolean insert(ServiceKey key, CronRun run) {
    checkService(key, run);
    Update u =
        tx.writing()
            .createUpdate(
                "INSERT INTO cron_runs (project, environment, "
                    + COLUMNS
                    + ") VALUES (:p, :e, :s, :id, :scheduled, :manual, :state, :attempt,"
                    + " :started, :ended, :exit, :retry, :stopping)"
                    + " ON CONFLICT (project, environment, id) DO NOTHING");
    return bindRun(u, key, run).execute() == 1;
  }

  @Override
  public void update(ServiceKey key, CronRun run) {
    checkService(key, run);
    Update u =
        tx.writing()
            .createUpdate(
                "UPDATE cron_runs SET manual = :manual, state = :state, attempt = :attempt,"
                    + " started_at = :started, ended_at = :ended, exit_code = :exit,"
                    + " retry_at = :retry, stopping = :stopping"
                    + " WHERE project = :p AND environment = :e AND service = :s AND id = :id"
                    + " AND scheduled_at = :scheduled");
    if (bindRun(u, key, run).execute() != 1) {
      throw new IllegalStateException("no run " + run.id() + " of " + key + " to update");
    }
  }

  @Override
  public Optional<CronRun> get(ServiceKey key, String id) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM cron_runs WHERE project = :p AND environment = :e AND service = :s"
                + " AND id = :id")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .bind("id", id)
        .map((rs, ctx) -> run(rs))
        .findOne();
  }

  @Override
  public List<CronRun> list(ServiceKey key) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM cron_runs WHERE project = :p AND environment = :e AND service = :s"
                + " ORDER BY scheduled_at DESC, id DESC")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .map((rs, ctx) -> run(rs))
        .list();
  }

  @Override
  public void delete(ServiceKey key, String id) {
    tx.writing()
        .createUpdate(
            "DELETE FROM cron_runs WHERE project = :p AND environment = :e AND service = :s"
                + " AND id = :id")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .bind("id", id)
        .execute();
  }

  private static void checkService(ServiceKey key, CronRun run) {
    if (!run.service().equals(key.service())) {
      throw new IllegalArgumentException("run " + run.id() + " is not of " + key);
    }
  }

  private static Update bindRun(Update u, ServiceKey key, CronRun r) {
    return u.bind("p", key.project())
        .bind("e", key.environment())
        .bind("s", key.service())
        .bind("id", r.id())
        .bind("scheduled", millis(r.scheduledAt()))
        .bind("manual", r.manual())
        .bind("state", r.state().name())
        .bind("attempt", r.attempt())
        .bind("started", millisOrNull(r.startedAt()))
        .bind("ended", millisOrNull(r.endedAt()))
        .bind("exit", r.exitCode())
        .bind("retry", millisOrNull(r.retryAt()))
        .bind("stopping", r.stopping() == null ? null : r.stopping().name());
  }

  private static CronRun run(ResultSet rs) throws SQLException {
    int exit = rs.getInt("exit_code");
    Integer exitCode = rs.wasNull() ? null : exit;
    String stopping = rs.getString("stopping");
    return new CronRun(
        rs.getString("id"),
        rs.getString("service"),
        instant(rs, "scheduled_at"),
        rs.getBoolean("manual"),
        CronRun.State.valueOf(rs.getString("state")),
        rs.getInt("attempt"),
        instantOrNull(rs, "started_at"),
        instantOrNull(rs, "ended_at"),
        exitCode,
        instantOrNull(rs, "retry_at"),
        stopping == null ? null : CronRun.State.valueOf(stopping));
  }
}
