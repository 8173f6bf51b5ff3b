package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.instantOrNull;
import static dev.berth.store.internal.SqlStoreTx.millis;
import static dev.berth.store.internal.SqlStoreTx.millisOrNull;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.NodeUsage;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ReplicaTable;
import dev.berth.engine.store.ServiceKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Table {@code replicas}. The incarnation is three nullable columns: all null for "no process", all
 * set otherwise (so an incarnation of zeros stays distinct from none). Listed oldest first, ties
 * broken by id, so the order is total and the same on every database.
 */
final class SqlReplicas implements ReplicaTable {
  private static final String COLUMNS =
      "id, project, environment, service, template_hash, cpu_millis, memory_bytes, state, ready, restarts, pid,"
          + " pid_start_ticks, port, node, started_at, reason, message, stop_requested,"
          + " created_at, updated_at, ready_since";

  private final SqlStoreTx tx;

  SqlReplicas(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<ReplicaRecord> get(String id) {
    return tx.reading()
        .createQuery("SELECT " + COLUMNS + " FROM replicas WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public List<ReplicaRecord> list(ServiceKey key) {
    return select(
        "WHERE project = :p AND environment = :e AND service = :s",
        Map.of("p", key.project(), "e", key.environment(), "s", key.service()));
  }

  @Override
  public List<ReplicaRecord> list(EnvironmentKey env) {
    return select(
        "WHERE project = :p AND environment = :e",
        Map.of("p", env.project(), "e", env.environment()));
  }

  @Override
  public List<ReplicaRecord> all() {
    return select("", Map.of());
  }

  /** One row of {@code node_usage}, kept by the triggers of migration V2. */
  @Override
  public NodeUsage usage(String node) {
    return tx.reading()
        .createQuery(
            "SELECT cpu_millis, memory_bytes, replicas, stopping_cpu_millis,"
                + " stopping_memory_bytes, stopping_replicas FROM node_usage WHERE node = :node")
        .bind("node", node)
        .map(
            (rs, ctx) ->
                new NodeUsage(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6)))
        .findOne()
        .orElse(NodeUsage.NONE);
  }

  /** Replicas matching {@code where} (with its named parameters), oldest first. */
  private List<ReplicaRecord> select(String where, Map<String, String> params) {
    return tx.reading()
        .createQuery("SELECT " + COLUMNS + " FROM replicas " + where + " ORDER BY created_at, id")
        .bindMap(params)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public void put(ReplicaRecord r) {
    Incarnation inc = r.incarnation();
    tx.writing()
        .createUpdate(
            "INSERT INTO replicas ("
                + COLUMNS
                + ") VALUES (:id, :p, :e, :s, :hash, :cpu, :memory, :state, :ready, :restarts, :pid, :ticks,"
                + " :port, :node, :startedAt, :reason, :message, :stopRequested, :createdAt,"
                + " :updatedAt, :readySince)"
                + " ON CONFLICT (id) DO UPDATE SET project = excluded.project,"
                + " environment = excluded.environment, service = excluded.service,"
                + " template_hash = excluded.template_hash, cpu_millis = excluded.cpu_millis,"
                + " memory_bytes = excluded.memory_bytes, state = excluded.state,"
                + " ready = excluded.ready, restarts = excluded.restarts, pid = excluded.pid,"
                + " pid_start_ticks = excluded.pid_start_ticks, port = excluded.port,"
                + " node = excluded.node, started_at = excluded.started_at,"
                + " reason = excluded.reason, message = excluded.message,"
                + " stop_requested = excluded.stop_requested, created_at = excluded.created_at,"
                + " updated_at = excluded.updated_at, ready_since = excluded.ready_since")
        .bind("id", r.id())
        .bind("p", r.key().project())
        .bind("e", r.key().environment())
        .bind("s", r.key().service())
        .bind("hash", r.templateHash())
        .bind("cpu", r.cpuMillis())
        .bind("memory", r.memoryBytes())
        .bind("state", r.state().name())
        .bind("ready", r.ready())
        .bind("restarts", r.restarts())
        .bind("pid", inc == null ? null : (Long) inc.pid())
        .bind("ticks", inc == null ? null : (Long) inc.startTicks())
        .bind("port", inc == null ? null : (Integer) inc.port())
        .bind("node", r.node())
        .bind("startedAt", millisOrNull(r.startedAt()))
        .bind("reason", r.reason())
        .bind("message", r.message())
        .bind("stopRequested", r.stopRequested())
        .bind("createdAt", millis(r.createdAt()))
        .bind("updatedAt", millis(r.updatedAt()))
        .bind("readySince", millisOrNull(r.readySince()))
        .execute();
  }

  @Override
  public void delete(String id) {
    tx.writing().createUpdate("DELETE FROM replicas WHERE id = :id").bind("id", id).execute();
  }

  private static ReplicaRecord map(ResultSet rs) throws SQLException {
    long pid = rs.getLong("pid");
    Incarnation inc =
        rs.wasNull()
            ? null
            : new Incarnation(pid, rs.getLong("pid_start_ticks"), rs.getInt("port"));
    return new ReplicaRecord(
        rs.getString("id"),
        new ServiceKey(
            rs.getString("project"), rs.getString("environment"), rs.getString("service")),
        rs.getString("template_hash"),
        rs.getLong("cpu_millis"),
        rs.getLong("memory_bytes"),
        ReplicaState.valueOf(rs.getString("state")),
        rs.getBoolean("ready"),
        rs.getInt("restarts"),
        inc,
        rs.getString("node"),
        instantOrNull(rs, "started_at"),
        rs.getString("reason"),
        rs.getString("message"),
        rs.getBoolean("stop_requested"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instantOrNull(rs, "ready_since"));
  }
}
