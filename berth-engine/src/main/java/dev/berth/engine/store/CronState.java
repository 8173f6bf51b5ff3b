package dev.berth.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a cron service's scheduler remembers between decisions.
 *
 * @param key the service
 * @param lastScheduled the latest scheduled time handled (run, missed, skipped, or passed while
 *     suspended); no time at or before it is ever decided again
 * @param suspended suspended with {@code berth cron suspend} (the spec's {@code suspend} is apart)
 */
public record CronState(ServiceKey key, Instant lastScheduled, boolean suspended) {
  public CronState {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastScheduled, "lastScheduled");
  }
}
