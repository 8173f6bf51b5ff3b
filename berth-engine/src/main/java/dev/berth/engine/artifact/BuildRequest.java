package dev.berth.engine.artifact;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One build to run.
 *
 * @param id names the build's directory and log ({@code lms-production-v3}): letters, digits,
 *     {@code .}, {@code _} and {@code -}; unique among the builds kept
 * @param source the digest of the source artifact to build
 * @param command the shell command ({@code sh -c}), run in the unpacked source
 * @param timeout how long the command may run before it is stopped
 * @param env extra environment variables for the command (the project's build config)
 * @param maxArtifactBytes the size limit for the artifact the build produces
 */
public record BuildRequest(
    String id,
    String source,
    String command,
    Duration timeout,
    Map<String, String> env,
    long maxArtifactBytes) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public BuildRequest {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a build id is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit: "
              + id);
    }
    Artifact.requireDigest(source);
    Objects.requireNonNull(command, "command");
    if (command.isBlank()) {
      throw new IllegalArgumentException("build command is empty");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("build timeout must be positive: " + timeout);
    }
    env = Map.copyOf(env);
    if (maxArtifactBytes <= 0) {
      throw new IllegalArgumentException("maxArtifactBytes must be positive");
    }
  }
}
