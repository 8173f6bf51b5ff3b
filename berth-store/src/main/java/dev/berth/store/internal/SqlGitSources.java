package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instantOrNull;
import static dev.berth.store.internal.SqlStoreTx.millisOrNull;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.GitSourceTable;
import dev.berth.engine.store.SyncState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Table {@code git_sources}: one row per tracked environment; {@link #put} is an upsert. */
final class SqlGitSources implements GitSourceTable {
  private static final String COLUMNS =
      "project, environment, url, branch, path, auto_sync, interval_ms, clone_of, previews, state,"
          + " observed_commit, synced_commit, synced_message, plan, error, checked_at";

  private final SqlStoreTx tx;

  SqlGitSources(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<GitSourceRecord> get(EnvironmentKey key) {
    return tx.reading()
        .createQuery(
            "SELECT " + COLUMNS + " FROM git_sources WHERE project = :p AND environment = :e")
        .bind("p", key.project())
        .bind("e", key.environment())
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public List<GitSourceRecord> list() {
    return tx.reading()
        .createQuery("SELECT " + COLUMNS + " FROM git_sources ORDER BY project, environment")
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public void put(GitSourceRecord r) {
    tx.writing()
        .createUpdate(
            "INSERT INTO git_sources ("
                + COLUMNS
                + ") VALUES (:p, :e, :url, :branch, :path, :autoSync, :interval, :cloneOf,"
                + " :previews, :state, :observed, :synced, :message, :plan, :error, :checked)"
                + " ON CONFLICT (project, environment) DO UPDATE SET url = excluded.url,"
                + " branch = excluded.branch, path = excluded.path,"
                + " auto_sync = excluded.auto_sync, interval_ms = excluded.interval_ms,"
                + " clone_of = excluded.clone_of, previews = excluded.previews,"
                + " state = excluded.state, observed_commit = excluded.observed_commit,"
                + " synced_commit = excluded.synced_commit,"
                + " synced_message = excluded.synced_message, plan = excluded.plan,"
                + " error = excluded.error, checked_at = excluded.checked_at")
        .bind("p", r.key().project())
        .bind("e", r.key().environment())
        .bind("url", r.url())
        .bind("branch", r.branch())
        .bind("path", r.path())
        .bind("autoSync", r.autoSync())
        .bind("interval", r.interval().toMillis())
        .bind("cloneOf", r.cloneOf())
        .bind("previews", r.previews())
        .bind("state", r.state().name())
        .bind("observed", r.observedCommit())
        .bind("synced", r.syncedCommit())
        .bind("message", r.syncedMessage())
        .bind("plan", r.plan())
        .bind("error", r.error())
        .bind("checked", millisOrNull(r.checkedAt()))
        .execute();
  }

  @Override
  public void delete(EnvironmentKey key) {
    tx.writing()
        .createUpdate("DELETE FROM git_sources WHERE project = :p AND environment = :e")
        .bind("p", key.project())
        .bind("e", key.environment())
        .execute();
  }

  private static GitSourceRecord map(ResultSet rs) throws SQLException {
    return new GitSourceRecord(
        new EnvironmentKey(rs.getString("project"), rs.getString("environment")),
        rs.getString("url"),
        rs.getString("branch"),
        rs.getString("path"),
        rs.getBoolean("auto_sync"),
        Duration.ofMillis(rs.getLong("interval_ms")),
        rs.getString("clone_of"),
        rs.getBoolean("previews"),
        SyncState.valueOf(rs.getString("state")),
        rs.getString("observed_commit"),
        rs.getString("synced_commit"),
        rs.getString("synced_message"),
        rs.getString("plan"),
        rs.getString("error"),
        instantOrNull(rs, "checked_at"));
  }
}
