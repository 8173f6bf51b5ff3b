package dev.berth.engine.logs;

import java.time.Instant;
import java.util.List;

/**
 * Which lines to read.
 *
 * @param replicaIds the replicas whose output to merge (of one service, usually)
 * @param since only lines written at or after this instant, or {@code null} for all retained
 * @param cursor continue after what an earlier read returned, or {@code null} to start fresh
 * @param limit at most this many lines; with no cursor, the <em>last</em> {@code limit} lines
 */
public record LogQuery(List<String> replicaIds, Instant since, String cursor, int limit) {
  public LogQuery {
    replicaIds = List.copyOf(replicaIds);
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be > 0");
    }
  }
}
