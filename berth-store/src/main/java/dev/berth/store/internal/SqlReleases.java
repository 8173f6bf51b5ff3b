package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.instantOrNull;
import static dev.berth.store.internal.SqlStoreTx.millis;
import static dev.berth.store.internal.SqlStoreTx.millisOrNull;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseCommandStatus;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ReleaseTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Table {@code releases}: one row per version of an environment; only status, reason and
 * finished_at are ever updated. Listing uses the primary key (newest first); the status index
 * serves {@link #withStatus}.
 */
final class SqlReleases implements ReleaseTable {
  private static final String COLUMNS =
      "project, environment, version, status, created_at, finished_at, live_at, created_by, message,"
          + " reason, source_json, changes_json, templates_json, phase, spec_file, spec_yaml, procfile";

  private final SqlStoreTx tx;

  SqlReleases(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public void insert(ReleaseRecord r) {
    tx.writing()
        .createUpdate(
            "INSERT INTO releases ("
                + COLUMNS
                + ") VALUES (:p, :e, :v, :status, :created, :finished, :live, :by, :message, :reason,"
                + " :source, :changes, :templates, :phase, :specFile, :specYaml, :procfile)")
        .bind("p", r.key().project())
        .bind("e", r.key().environment())
        .bind("v", r.version())
        .bind("status", r.status().wireName())
        .bind("created", millis(r.createdAt()))
        .bind("finished", millisOrNull(r.finishedAt()))
        .bind("live", millisOrNull(r.liveAt()))
        .bind("by", r.createdBy())
        .bind("message", r.message())
        .bind("reason", r.reason())
        .bind("source", HistoryJson.write(r.source()))
        .bind("changes", HistoryJson.write(r.changes()))
        .bind("templates", HistoryJson.write(r.templates()))
        .bind("phase", r.phase().wireName())
        .bind("specFile", r.specFile())
        .bind("specYaml", r.specYaml())
        .bind("procfile", r.procfile())
        .execute();
  }

  @Override
  public void finish(ReleaseRecord r) {
    int n =
        tx.writing()
            .createUpdate(
                "UPDATE releases SET status = :status, reason = :reason, finished_at = :finished,"
                    + " live_at = COALESCE(live_at, :live), phase = :phase"
                    + " WHERE project = :p AND environment = :e AND version = :v")
            .bind("status", r.status().wireName())
            .bind("reason", r.reason())
            .bind("finished", millisOrNull(r.finishedAt()))
            .bind("live", millisOrNull(r.liveAt()))
            .bind("phase", r.phase().wireName())
            .bind("p", r.key().project())
            .bind("e", r.key().environment())
            .bind("v", r.version())
            .execute();
    if (n != 1) {
      throw new IllegalStateException("no release " + r.label() + " of " + r.key());
    }
  }

  @Override
  public Optional<ReleaseRecord> get(EnvironmentKey env, long version) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM releases WHERE project = :p AND environment = :e AND version = :v")
        .bind("p", env.project())
        .bind("e", env.environment())
        .bind("v", version)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public List<ReleaseRecord> list(EnvironmentKey env, int limit) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM releases WHERE project = :p AND environment = :e ORDER BY version DESC"
                + (limit > 0 ? " LIMIT :limit" : ""))
        .bind("p", env.project())
        .bind("e", env.environment())
        .bind("limit", limit)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public List<ReleaseRecord> withStatus(EnvironmentKey env, ReleaseStatus status) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM releases WHERE project = :p AND environment = :e AND status = :status"
                + " ORDER BY version DESC")
        .bind("p", env.project())
        .bind("e", env.environment())
        .bind("status", status.wireName())
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public long latestVersion(EnvironmentKey env) {
    return tx.reading()
        .createQuery(
            "SELECT COALESCE(MAX(version), 0) FROM releases WHERE project = :p AND environment = :e")
        .bind("p", env.project())
        .bind("e", env.environment())
        .mapTo(Long.class)
        .one();
  }

  private static ReleaseRecord map(ResultSet rs) throws SQLException {
    String status = rs.getString("status");
    return new ReleaseRecord(
        new EnvironmentKey(rs.getString("project"), rs.getString("environment")),
        rs.getLong("version"),
        ReleaseStatus.fromWire(status)
            .orElseThrow(() -> new IllegalStateException("unknown release status " + status)),
        instant(rs, "created_at"),
        instantOrNull(rs, "finished_at"),
        instantOrNull(rs, "live_at"),
        rs.getString("created_by"),
        rs.getString("message"),
        rs.getString("reason"),
        HistoryJson.source(rs.getString("source_json")),
        HistoryJson.changes(rs.getString("changes_json")),
        HistoryJson.templates(rs.getString("templates_json")),
        ReleaseCommandStatus.parse(rs.getString("phase")),
        rs.getString("spec_file"),
        rs.getString("spec_yaml"),
        rs.getString("procfile"));
  }
}
