package dev.berth.runtime.local.internal.logs;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The files of one replica's log, all in {@code <dataDir>/logs/<project>/<environment>/<service>}:
 * {@code <id>.log} (live, written by Berth from the pipe), {@code <id>.log.1} .. {@code .N}
 * (rotated, newest first), {@code <id>.idx} (time index), {@code <id>.pos} (where each file starts
 * in the replica's logical byte stream) and {@code <id>.pipe} (the named pipe the process writes
 * to).
 *
 * @param dir the service's log directory
 * @param replicaId the replica id, which names the files
 */
public record LogFiles(Path dir, String replicaId) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  public LogFiles {
    requireName(replicaId, "replica id");
  }

  /** The log files of a replica in the standard layout under {@code logsRoot}. */
  public static LogFiles of(
      Path logsRoot, String project, String environment, String service, String replicaId) {
    return new LogFiles(serviceDir(logsRoot, project, environment, service), replicaId);
  }

  /** {@code <logsRoot>/<project>/<environment>/<service>}, with every name checked. */
  public static Path serviceDir(Path logsRoot, String project, String environment, String service) {
    return logsRoot
        .resolve(requireName(project, "project"))
        .resolve(requireName(environment, "environment"))
        .resolve(requireName(service, "service"));
  }

  /**
   * Rejects names that could escape the log directory or are not plain names ({@code ..}, {@code
   * /}, empty); the message names the field.
   */
  public static String requireName(String name, String what) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is not a valid name: use letters, digits, '.', '_' and '-'");
    }
    return name;
  }

  public Path live() {
    return dir.resolve(replicaId + ".log");
  }

  /** Rotated file {@code k >= 1}: {@code .1} is the newest. */
  public Path rotated(int k) {
    return dir.resolve(replicaId + ".log." + k);
  }

  public Path index() {
    return dir.resolve(replicaId + ".idx");
  }

  public Path positions() {
    return dir.resolve(replicaId + ".pos");
  }

  /** The named pipe the replica's stdout and stderr write to, drained by Berth into the log. */
  public Path pipe() {
    return dir.resolve(replicaId + ".pipe");
  }
}
