package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What a replica's supervisor needs from the logs: where to write, draining, and the tail. */
public interface ReplicaLogs {
  /**
   * Registers the replica's log location, creates its directory (0700), live file (0600) and named
   * pipe; returns the pipe, which the process must open read-write as its stdout and stderr.
   */
  Path prepare(String project, String environment, String service, String replicaId)
      throws IOException;

  /**
   * The logical offset of the end of the replica's output now (where a new run's output starts).
   */
  long logicalEnd(String replicaId);

  /**
   * Starts draining the replica's pipe into its log, or keeps the running drain (idempotent). Call
   * before the process starts: until {@link #unwatch} the pipe's reader never sees end-of-file.
   */
  void watch(String replicaId) throws IOException;

  /**
   * Starts draining the output of a process this control plane did not start (adopted, or a
   * leftover being stopped) into the replica's log, which may be one an earlier control plane
   * wrote. {@code output} opens the pipe the process really writes to ({@code /proc/PID/fd/1}):
   * when that is the replica's pipe file, this is {@link #watch(String)}; when it is not (the pipe
   * file was deleted or replaced while no control plane ran, so {@link #prepare} made a new one the
   * process never opened), {@code output} itself is drained until the process's output ends.
   *
   * @throws IOException when the replica has no log here or the output cannot be opened
   */
  void watch(String replicaId, Path output) throws IOException;

  /**
   * The replica's processes have exited: writes what they left in the pipe to the log and stops
   * draining (waits a bounded time; a process that escaped the replica's group and still holds the
   * pipe is drained until it exits).
   */
  void unwatch(String replicaId);

  /** Up to {@code maxLines} last lines written after {@code fromLogical}, for exit messages. */
  List<String> tail(String replicaId, long fromLogical, int maxLines);
}
