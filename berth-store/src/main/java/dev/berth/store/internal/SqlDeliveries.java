package dev.berth.store.internal;

import static dev.berth.store.internal.SqlStoreTx.millis;

import dev.berth.engine.store.DeliveryTable;
import java.time.Instant;

/**
 * Table {@code webhook_deliveries}. The insert is {@code ON CONFLICT DO NOTHING}: of two control
 * planes receiving the same delivery at once, exactly one sees it as new (the primary key decides).
 */
final class SqlDeliveries implements DeliveryTable {
  private final SqlStoreTx tx;

  SqlDeliveries(SqlStoreTx tx) {
    this.tx = tx;
  }

  @Override
  public boolean remember(String id, Instant at, Instant forgetBefore) {
    tx.writing()
        .createUpdate("DELETE FROM webhook_deliveries WHERE received_at < :before")
        .bind("before", millis(forgetBefore))
        .execute();
    return tx.writing()
            .createUpdate(
                "INSERT INTO webhook_deliveries (id, received_at) VALUES (:id, :at)"
                    + " ON CONFLICT (id) DO NOTHING")
            .bind("id", id)
            .bind("at", millis(at))
            .execute()
        == 1;
  }

  @Override
  public long count() {
    return tx.reading()
        .createQuery("SELECT COUNT(*) FROM webhook_deliveries")
        .mapTo(Long.class)
        .one();
  }
}
