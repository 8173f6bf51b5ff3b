package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.instant;
import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.core.model.Target;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.EnvironmentTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Table {@code environments}. {@link #put} is an upsert (ON CONFLICT DO UPDATE), never a delete and
 * insert: a delete would cascade to the environment's services.
 */
final class SqlEnvironments implements EnvironmentTable {
  private static final String COLUMNS =
      "project, environment, target, spec_file, spec_yaml, procfile, source_dir, generation,"
          + " applied_at";

  private final SqlStoreTx tx;

  SqlEnvironments(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public Optional<EnvironmentRecord> get(EnvironmentKey key) {
    return tx.reading()
        .createQuery(
            "SELECT " + COLUMNS + " FROM environments WHERE project = :p AND environment = :e")
        .bind("p", key.project())
        .bind("e", key.environment())
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  @Override
  public Optional<String> sourceDir(EnvironmentKey key) {
    return tx.reading()
        .createQuery("SELECT source_dir FROM environments WHERE project = :p AND environment = :e")
        .bind("p", key.project())
        .bind("e", key.environment())
        .mapTo(String.class)
        .findOne();
  }

  @Override
  public List<EnvironmentRecord> list() {
    return tx.reading()
        .createQuery("SELECT " + COLUMNS + " FROM environments ORDER BY project, environment")
        .map((rs, ctx) -> map(rs))
        .list();
  }

  @Override
  public void put(EnvironmentRecord r) {
    tx.writing()
        .createUpdate(
            "INSERT INTO environments ("
                + COLUMNS
                + ") VALUES (:p, :e, :target, :specFile, :specYaml, :procfile, :sourceDir,"
                + " :generation, :appliedAt)"
                + " ON CONFLICT (project, environment) DO UPDATE SET target = excluded.target,"
                + " spec_file = excluded.spec_file, spec_yaml = excluded.spec_yaml,"
                + " procfile = excluded.procfile, source_dir = excluded.source_dir,"
                + " generation = excluded.generation, applied_at = excluded.applied_at")
        .bind("p", r.key().project())
        .bind("e", r.key().environment())
        .bind("target", r.target().name())
        .bind("specFile", r.specFile())
        .bind("specYaml", r.specYaml())
        .bind("procfile", r.procfile())
        .bind("sourceDir", r.sourceDir())
        .bind("generation", r.generation())
        .bind("appliedAt", millis(r.appliedAt()))
        .execute();
  }

  @Override
  public void delete(EnvironmentKey key) {
    tx.writing()
        .createUpdate("DELETE FROM environments WHERE project = :p AND environment = :e")
        .bind("p", key.project())
        .bind("e", key.environment())
        .execute();
  }

  private static EnvironmentRecord map(ResultSet rs) throws SQLException {
    return new EnvironmentRecord(
        new EnvironmentKey(rs.getString("project"), rs.getString("environment")),
        Target.valueOf(rs.getString("target")),
        rs.getString("spec_file"),
        rs.getString("spec_yaml"),
        rs.getString("procfile"),
        rs.getString("source_dir"),
        rs.getLong("generation"),
        instant(rs, "applied_at"));
  }
}
