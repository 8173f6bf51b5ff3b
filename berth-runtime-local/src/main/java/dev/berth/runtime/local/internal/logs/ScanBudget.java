package dev.berth.runtime.local.internal.logs;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * How many bytes one log read may still scan. Every block a {@link LineScanner} loads is charged
 * here, so a read's work is bounded whatever the log holds (floods, gaps, very long lines); a read
 * that runs out returns the lines it found so far, and a follower's cursor continues from there.
 * Each charge also asks whether the read is still wanted (its client may have gone), so an
 * abandoned read stops within one block. Not thread-safe: one per read.
 */
final class ScanBudget {
  /** Thrown by {@link #charge} when the budget is spent; the reader stops where it is. */
  static final class Exhausted extends Exception {
    Exhausted() {
      super("scan budget spent", null, false, false);
    }
  }

  private final BooleanSupplier cancelled;
  private long left;

  /**
   * @param bytes how many bytes the read may scan
   * @param cancelled true once nobody wants the result any more
   */
  ScanBudget(long bytes, BooleanSupplier cancelled) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a scan budget must be positive");
    }
    this.left = bytes;
    this.cancelled = cancelled;
  }

  /**
   * Charges {@code bytes} about to be read.
   *
   * @throws Exhausted when the budget cannot cover them
   * @throws CancellationException when the read is no longer wanted
   */
  void charge(long bytes) throws Exhausted {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("the log read was cancelled: its client went away");
    }
    if (bytes > left) {
      left = 0;
      throw new Exhausted();
    }
    left -= bytes;
  }

  long left() {
    return left;
  }
}
