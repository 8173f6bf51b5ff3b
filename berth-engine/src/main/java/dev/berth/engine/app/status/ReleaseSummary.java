package dev.berth.engine.app.status;

import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import java.time.Instant;

/**
 * The newest release of an environment in {@code berth status}: which one, how its deploy stands
 * and why it failed, so {@code berth apply} can wait for exactly the release it made.
 *
 * @param version {@code v5}
 * @param status where its deploy stands
 * @param reason why it failed, was rolled back or superseded; empty otherwise
 * @param createdAt when it was made
 */
public record ReleaseSummary(
    String version, ReleaseStatus status, String reason, Instant createdAt) {
  static ReleaseSummary of(ReleaseRecord r) {
    return new ReleaseSummary(r.label(), r.status(), r.reason(), r.createdAt());
  }
}
