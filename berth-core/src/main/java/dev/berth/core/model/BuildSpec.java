package dev.berth.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The project's build step: a command run in an isolated copy of the source before its artifact is
 * sealed ({@code npm ci}, {@code ./mvnw -q package}). A build that fails or runs longer than {@code
 * timeout} produces no artifact and never touches what runs.
 *
 * @param command the shell command line, run with {@code sh -c}
 * @param timeout how long it may run; {@link #DEFAULT_TIMEOUT} when the spec is silent
 */
public record BuildSpec(String command, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  public BuildSpec {
    Objects.requireNonNull(command, "command");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0");
    }
  }
}
