package dev.berth.core.capacity;

/**
 * Told how far a long computation has got, so a command line can show a progress indicator. Called
 * on the computing thread, every few thousand steps and once at the end; must return quickly.
 */
@FunctionalInterface
public interface Progress {
  /** Nothing shown. */
  Progress NONE = (done, total) -> {};

  void at(long done, long total);
}
