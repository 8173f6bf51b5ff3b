package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.AuditTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Table {@code audit}: append-only, ids from the database. Like {@code events}, a query with a
 * limit takes the newest rows and turns them back to oldest first.
 */
final class SqlAudit implements AuditTable {
  private static final String COLUMNS = "id, at, actor, action, project, environment, summary";

  private final SqlStoreTx tx;

  SqlAudit(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public AuditEntry append(AuditEntry e) {
    long at = millis(e.at());
    long id =
        tx.writing()
            .createQuery(
                "INSERT INTO audit (at, actor, action, project, environment, summary)"
                    + " VALUES (:at, :actor, :action, :p, :e, :summary) RETURNING id")
            .bind("at", at)
            .bind("actor", e.actor())
            .bind("action", e.action())
            .bind("p", e.project())
            .bind("e", e.environment())
            .bind("summary", e.summary())
            .mapTo(Long.class)
            .one();
    return new AuditEntry(
        id,
        java.time.Instant.ofEpochMilli(at),
        e.actor(),
        e.action(),
        e.project(),
        e.environment(),
        e.summary());
  }

  @Override
  public List<AuditEntry> list(String project, String environment, long afterId, int limit) {
    StringBuilder where = new StringBuilder(" WHERE id > :afterId");
    if (project != null) {
      where.append(" AND project = :p");
    }
    if (environment != null) {
      where.append(" AND environment = :e");
    }
    boolean following = afterId > 0;
    String order = following ? " ORDER BY id" : " ORDER BY id DESC";
    List<AuditEntry> rows =
        new ArrayList<>(
            tx.reading()
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM audit"
                        + where
                        + order
                        + (limit > 0 ? " LIMIT :limit" : ""))
                .bind("afterId", afterId)
                .bind("p", project)
                .bind("e", environment)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list());
    if (!following) {
      Collections.reverse(rows);
    }
    return rows;
  }

  private static AuditEntry map(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("id"),
        instant(rs, "at"),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("project"),
        rs.getString("environment"),
        rs.getString("summary"));
  }
}
