package dev.berth.engine.logs;

import java.util.function.BooleanSupplier;

/**
 * Reads the retained output of replicas, including replicas that no longer run (their logs are kept
 * across restarts and deploys until retention removes them). Following is reading again with the
 * returned cursor.
 *
 * <p>Every read is bounded in work, whatever the logs hold: an implementation scans at most a fixed
 * number of bytes per read and returns what it found within them (the cursor continues there).
 */
public interface LogSource {
  LogPage read(LogQuery query);

  /**
   * Reads as {@link #read(LogQuery)}, but stops early, with a {@link
   * java.util.concurrent.CancellationException}, once {@code cancelled} turns true: the caller asks
   * it (for example "has the HTTP client gone?") often enough that an abandoned read does not keep
   * a thread busy. Sources that read from memory may ignore it, as this default does.
   */
  default LogPage read(LogQuery query, BooleanSupplier cancelled) {
    return read(query);
  }
}
