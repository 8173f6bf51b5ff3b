package dev.berth.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Heroku's release phase: a command that runs once per release, from the release's artifact with
 * its config, before any replica of the release takes traffic. A release whose command fails or
 * runs longer than {@code timeout} fails, and nothing else changes.
 *
 * @param command the shell command line, run with {@code sh -c}
 * @param timeout how long it may run; {@link #DEFAULT_TIMEOUT} when the spec is silent
 */
public record ReleasePhase(String command, Duration timeout) {

  /** Heroku's release phase timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  public ReleasePhase {
    Objects.requireNonNull(command, "command");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0");
    }
  }
}
