package dev.berth.runtime.local;

/**
 * Told how many replicas are still running while {@link LocalRuntime#stopAll(java.time.Duration,
 * StopProgress)} stops them: once at the start and whenever the number changes. Called on the
 * stopping thread; keep it quick (print a status line, log).
 */
@FunctionalInterface
public interface StopProgress {
  void left(int left, int total);
}
