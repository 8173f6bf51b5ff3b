package dev.berth.engine.logs;

/**
 * Reads the retained output of replicas, including replicas that no longer run (their logs are kept
 * across restarts and deploys until retention removes them). Following is reading again with the
 * returned cursor.
 */
public interface LogSource {
  LogPage read(LogQuery query);
}
