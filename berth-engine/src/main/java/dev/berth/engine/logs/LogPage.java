package dev.berth.engine.logs;

import java.util.List;

/**
 * Lines read, oldest first, and where to continue from.
 *
 * @param lines the lines, ordered by time, then replica
 * @param cursor opaque position to pass in the next {@link LogQuery} to follow new output
 */
public record LogPage(List<LogLine> lines, String cursor) {
  public LogPage {
    lines = List.copyOf(lines);
  }
}
