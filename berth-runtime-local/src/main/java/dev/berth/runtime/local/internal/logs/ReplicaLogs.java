package dev.berth.runtime.local.internal.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What a replica's supervisor needs from the logs: where to write, watching, and the tail. */
public interface ReplicaLogs {
  /** Registers the replica's log location, creates its directory, returns the live file. */
  Path prepare(String project, String environment, String service, String replicaId)
      throws IOException;

  /**
   * The logical offset of the end of the replica's output now (where a new run's output starts).
   */
  long logicalEnd(String replicaId);

  /** Starts time-indexing and rotating the replica's log (idempotent). */
  void watch(String replicaId);

  /** Observes the log a last time and stops watching it. */
  void unwatch(String replicaId);

  /** Up to {@code maxLines} last lines written after {@code fromLogical}, for exit messages. */
  List<String> tail(String replicaId, long fromLogical, int maxLines);
}
