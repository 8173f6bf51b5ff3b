package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.EventTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.statement.Query;

/**
 * Table {@code events}: append-only, ids from the database (AUTOINCREMENT / BIGSERIAL). Ids follow
 * commit order because writes are serialized (see the package README), which is what lets a
 * follower ask for {@code afterId} without missing an event committed late.
 *
 * <p>A query with a limit takes the newest {@code limit} rows (ORDER BY id DESC LIMIT n) and turns
 * them back to oldest first; the filters are built from the present fields only, so the {@code
 * (project, environment, service, id)} index serves them.
 */
final class SqlEvents implements EventTable {
  private static final String COLUMNS =
      "id, at, project, environment, service, replica, type, message";

  private final SqlStoreTx tx;

  SqlEvents(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Event append(Event e) {
    long at = millis(e.at());
    long id =
        tx.writing()
            .createQuery(
                "INSERT INTO events (at, project, environment, service, replica, type, message)"
                    + " VALUES (:at, :p, :e, :s, :r, :type, :message) RETURNING id")
            .bind("at", at)
            .bind("p", e.project())
            .bind("e", e.environment())
            .bind("s", e.service())
            .bind("r", e.replica())
            .bind("type", e.type())
            .bind("message", e.message())
            .mapTo(Long.class)
            .one();
    return new Event(
        id,
        java.time.Instant.ofEpochMilli(at),
        e.project(),
        e.environment(),
        e.service(),
        e.replica(),
        e.type(),
        e.message());
  }

  @Override
  public List<Event> list(EventQuery q) {
    StringBuilder where = new StringBuilder(" WHERE id > :afterId");
    if (q.project() != null) {
      where.append(" AND project = :p");
    }
    if (q.environment() != null) {
      where.append(" AND environment = :e");
    }
    if (q.service() != null) {
      where.append(" AND service = :s");
    }
    String select = "SELECT " + COLUMNS + " FROM events" + where;
    String sql =
        q.limit() <= 0
            ? select + " ORDER BY id"
            : q.afterId() > 0
                ? select + " ORDER BY id LIMIT :limit" // following: the next ones, none skipped
                : "SELECT * FROM (" + select + " ORDER BY id DESC LIMIT :limit) recent ORDER BY id";
    Query query = tx.reading().createQuery(sql).bind("afterId", q.afterId());
    if (q.project() != null) {
      query.bind("p", q.project());
    }
    if (q.environment() != null) {
      query.bind("e", q.environment());
    }
    if (q.service() != null) {
      query.bind("s", q.service());
    }
    if (q.limit() > 0) {
      query.bind("limit", q.limit());
    }
    return query.map((rs, ctx) -> map(rs)).list();
  }

  private static Event map(ResultSet rs) throws SQLException {
    return new Event(
        rs.getLong("id"),
        instant(rs, "at"),
        rs.getString("project"),
        rs.getString("environment"),
        rs.getString("service"),
        rs.getString("replica"),
        rs.getString("type"),
        rs.getString("message"));
  }
}
