package dev.berth.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The apply lock of one environment, as stored: at most one per environment, so applies to it run
 * one at a time even from two control planes on one PostgreSQL database.
 *
 * <p>Invariant: a holder that is alive keeps {@code expiresAt} in the future by heartbeating; a
 * lock whose {@code expiresAt} has passed belongs to a control plane that died (or hung) and may be
 * taken over. {@code berth unlock} deletes a lock at once.
 *
 * @param key the environment
 * @param id this acquisition (unique): what a release and the fencing check compare
 * @param instance the control plane holding it (its heartbeat extends all of its locks)
 * @param owner who asked, for messages ({@code alice (token admin)})
 * @param operation what holds it ({@code apply})
 * @param acquiredAt when it was taken
 * @param expiresAt when it lapses unless its holder heartbeats
 */
public record EnvironmentLock(
    EnvironmentKey key,
    String id,
    String instance,
    String owner,
    String operation,
    Instant acquiredAt,
    Instant expiresAt) {
  public EnvironmentLock {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether its holder stopped heartbeating long enough ago for it to be taken over. */
  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
