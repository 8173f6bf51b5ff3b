package dev.berth.store.internal;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.SerialTable;

/** Table {@code environment_serials}: the state serial of each environment ever changed. */
final class SqlSerials implements SerialTable {
  private final SqlStoreTx tx;

  SqlSerials(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public long get(EnvironmentKey key) {
    return tx.reading()
        .createQuery(
            "SELECT serial FROM environment_serials WHERE project = :p AND environment = :e")
        .bind("p", key.project())
        .bind("e", key.environment())
        .mapTo(Long.class)
        .findOne()
        .orElse(0L);
  }

  @Override
  public long bump(EnvironmentKey key) {
    tx.writing()
        .createUpdate(
            "INSERT INTO environment_serials (project, environment, serial) VALUES (:p, :e, 1)"
                + " ON CONFLICT (project, environment) DO UPDATE SET"
                + " serial = environment_serials.serial + 1")
        .bind("p", key.project())
        .bind("e", key.environment())
        .execute();
    return get(key);
  }
}
