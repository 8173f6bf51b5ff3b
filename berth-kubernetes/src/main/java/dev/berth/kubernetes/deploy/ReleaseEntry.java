package dev.berth.kubernetes.deploy;

import java.time.Instant;
import java.util.Objects;

/**
 * One release of a Kubernetes environment as recorded next to it in the cluster.
 *
 * @param release its label ({@code v3})
 * @param state where it stands
 * @param createdAt when the deploy started
 * @param message why it ended that way, for a person (never a config value)
 * @param rollbackOf for a rollback, the release whose objects it re-applied; else {@code null}
 */
public record ReleaseEntry(
    String release, ReleaseState state, Instant createdAt, String message, String rollbackOf) {
  public ReleaseEntry {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    message = message == null ? "" : message;
  }

  public ReleaseEntry withState(ReleaseState s, String why) {
    return new ReleaseEntry(release, s, createdAt, why, rollbackOf);
  }
}
