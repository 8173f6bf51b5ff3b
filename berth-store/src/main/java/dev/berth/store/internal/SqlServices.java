package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.ServiceTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Table {@code services}. Order is kept in {@code position}: set once, on first insert, to one more
 * than the environment's largest; an upsert leaves it alone, so a replaced service keeps its place
 * and a deleted one stored again goes last. The spec is JSON ({@link SpecJson}).
 */
final class SqlServices implements ServiceTable {
  private static final String COLUMNS =
      "project, environment, name, spec_json, template_hash, release_label, spec_replicas,"
          + " replicas, stopped, updated_at";

  private final SqlStoreTx tx;

  SqlServices(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<ServiceRecord> get(ServiceKey key) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM services WHERE project = :p AND environment = :e AND name = :n")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("n", key.service())
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public List<ServiceRecord> list(EnvironmentKey env) {
    return tx.reading()
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM services WHERE project = :p AND environment = :e ORDER BY position")
        .bind("p", env.project())
        .bind("e", env.environment())
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public void put(ServiceRecord r) {
    Handle h = tx.writing();
    String specJson = tx.json().write(r.spec());
    h.createUpdate(
            "INSERT INTO services (position, "
                + COLUMNS
                + ") VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM services"
                + " WHERE project = :p AND environment = :e),"
                + " :p, :e, :n, :spec, :hash, :release, :specReplicas, :replicas, :stopped,"
                + " :updatedAt)"
                + " ON CONFLICT (project, environment, name) DO UPDATE SET"
                + " spec_json = excluded.spec_json, template_hash = excluded.template_hash,"
                + " release_label = excluded.release_label,"
                + " spec_replicas = excluded.spec_replicas, replicas = excluded.replicas,"
                + " stopped = excluded.stopped, updated_at = excluded.updated_at")
        .bind("p", r.key().project())
        .bind("e", r.key().environment())
        .bind("n", r.key().service())
        .bind("spec", specJson)
        .bind("hash", r.templateHash())
        .bind("release", r.release())
        .bind("specReplicas", r.specReplicas())
        .bind("replicas", r.replicas())
        .bind("stopped", r.stopped())
        .bind("updatedAt", millis(r.updatedAt()))
        .execute();
  }

  @Override
  public void delete(ServiceKey key) {
    tx.writing()
        .createUpdate("DELETE FROM services WHERE project = :p AND environment = :e AND name = :n")
        .bind("p", key.project())
        .bind("e", key.environment())
        .bind("n", key.service())
        .execute();
  }

  private ServiceRecord map(ResultSet rs) throws SQLException {
    ServiceKey key =
        new ServiceKey(rs.getString("project"), rs.getString("environment"), rs.getString("name"));
    return new ServiceRecord(
        key,
        tx.json().read(rs.getString("spec_json"), key.toString()),
        rs.getString("template_hash"),
        rs.getString("release_label"),
        rs.getInt("spec_replicas"),
        rs.getInt("replicas"),
        rs.getBoolean("stopped"),
        instant(rs, "updated_at"));
  }
}
