package dev.berth.engine.artifact;

import java.util.List;
import java.util.Objects;

/**
 * How a build ended.
 *
 * <p>Invariant: {@code artifact} is non-null exactly when {@code status} is {@link
 * Status#SUCCEEDED}; a failed or timed-out build stored nothing.
 *
 * @param status how it ended
 * @param artifact the sealed build output, or null
 * @param exitCode the command's exit status; -1 when it did not exit by itself (timed out) or never
 *     ran
 * @param reason empty on success; otherwise what failed, in words for the user ({@code build
 *     command exited with status 2})
 * @param lastLines the last lines of output (at most {@link #LAST_LINES}), for the failure message
 * @param logFile where the whole output is kept
 */
public record BuildResult(
    Status status,
    Artifact artifact,
    int exitCode,
    String reason,
    List<String> lastLines,
    String logFile) {

  /** How many output lines a result carries. */
  public static final int LAST_LINES = 20;

  /** How a build ended. */
  public enum Status {
    /** The command exited 0 and its output was sealed as {@code artifact}. */
    SUCCEEDED,
    /**
     * The command exited non-zero, or its output could not be sealed (too large, a symbolic link
     * leaving the tree, disk full).
     */
    FAILED,
    /** The command ran past its timeout and was stopped. */
    TIMED_OUT
  }

  public BuildResult {
    Objects.requireNonNull(status, "status");
    if ((status == Status.SUCCEEDED) != (artifact != null)) {
      throw new IllegalArgumentException("an artifact comes with success, and only with success");
    }
    reason = reason == null ? "" : reason;
    lastLines = List.copyOf(lastLines);
    Objects.requireNonNull(logFile, "logFile");
  }

  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }
}
