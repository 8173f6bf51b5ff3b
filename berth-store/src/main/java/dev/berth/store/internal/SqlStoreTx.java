package dev.berth.store.internal;

import dev.berth.engine.store.AuditTable;
import dev.berth.engine.store.EnvironmentTable;
import dev.berth.engine.store.EventTable;
import dev.berth.engine.store.ReleaseTable;
import dev.berth.engine.store.ReplicaTable;
import dev.berth.engine.store.RolloutTable;
import dev.berth.engine.store.ServiceTable;
import dev.berth.engine.store.StoreTx;
import dev.berth.engine.store.TokenTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The tables seen through one open SQL transaction ({@link Handle}).
 *
 * <p>Invariants: it refuses every call once its function has returned ({@link #close()}), so a
 * leaked {@link StoreTx} cannot run SQL on a pooled connection that now belongs to someone else;
 * and a read-only one refuses every change before any SQL runs, so {@code Store.read} behaves the
 * same on every database (and as the in-memory store does).
 */
final class SqlStoreTx implements StoreTx {
  private final Handle handle;
  private final SpecJson json;
  private final boolean readOnly;
  private boolean closed;

  SqlStoreTx(Handle handle, SpecJson json, boolean readOnly) {
    this.handle = handle;
    this.json = json;
    this.readOnly = readOnly;
  }

  void close() {
    closed = true;
  }

  /** The handle, for a statement that only reads. */
  Handle reading() {
    if (closed) {
      throw new IllegalStateException(
          "this StoreTx belongs to a finished read/write; use it only inside its function");
    }
    return handle;
  }

  /** The handle, for a statement that changes something. */
  Handle writing() {
    Handle h = reading();
    if (readOnly) {
      throw new IllegalStateException("Store.read is read-only; change state in Store.write");
    }
    return h;
  }

  SpecJson json() {
    return json;
  }

  @Override
  public EnvironmentTable environments() {
    return new SqlEnvironments(this);
  }

  @Override
  public ServiceTable services() {
    return new SqlServices(this);
  }

  @Override
  public ReplicaTable replicas() {
    return new SqlReplicas(this);
  }

  @Override
  public EventTable events() {
    return new SqlEvents(this);
  }

  @Override
  public TokenTable tokens() {
    return new SqlTokens(this);
  }

  @Override
  public ReleaseTable releases() {
    return new SqlReleases(this);
  }

  @Override
  public AuditTable audit() {
    return new SqlAudit(this);
  }

  @Override
  public RolloutTable rollouts() {
    return new SqlRollouts(this);
  }

  @Override
  public dev.berth.engine.store.CronTable cron() {
    return new SqlCron(this);
  }

  @Override
  public dev.berth.engine.store.LockTable locks() {
    return new SqlLocks(this);
  }

  @Override
  public dev.berth.engine.store.SerialTable serials() {
    return new SqlSerials(this);
  }

  @Override
  public dev.berth.engine.store.ConfigTable config() {
    return new SqlConfig(this);
  }

  @Override
  public dev.berth.engine.store.GitSourceTable gitSources() {
    return new SqlGitSources(this);
  }

  @Override
  public dev.berth.engine.store.DeliveryTable deliveries() {
    return new SqlDeliveries(this);
  }

  @Override
  public dev.berth.engine.store.TokenPolicyTable tokenPolicies() {
    return new SqlTokenPolicies(this);
  }

  /** Epoch milliseconds: the precision the store keeps (anything finer is truncated). */
  static long millis(Instant t) {
    return t.toEpochMilli();
  }

  static Long millisOrNull(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Instant.ofEpochMilli(rs.getLong(column));
  }

  static Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
