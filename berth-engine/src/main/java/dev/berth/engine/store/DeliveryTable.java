package dev.berth.engine.store;

import java.time.Instant;

/**
 * Webhook delivery ids seen, so a replayed delivery (a captured request sent again, signature and
 * all) is refused. Retention is bounded: ids older than the cut-off given are forgotten.
 */
public interface DeliveryTable {
  /**
   * Records {@code id} as seen at {@code at}, forgetting ids seen before {@code forgetBefore}.
   *
   * @return true if it was new, false if it had been seen (a replay); a replay records nothing
   */
  boolean remember(String id, Instant at, Instant forgetBefore);

  /** How many ids are remembered (for tests of the retention bound). */
  long count();
}
