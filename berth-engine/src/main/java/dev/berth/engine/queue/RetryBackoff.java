package dev.berth.engine.queue;

import java.time.Duration;

/**
 * Per-key exponential retry delay for failed reconciles: {@code base * 2^(failures-1)}, capped.
 * client-go's default is 5 ms to 1000 s; Berth caps at one minute so a fixed fault (a database back
 * online) is noticed soon.
 *
 * @param base delay after the first failure
 * @param cap the longest delay
 */
public record RetryBackoff(Duration base, Duration cap) {
  public static final RetryBackoff DEFAULT =
      new RetryBackoff(Duration.ofMillis(50), Duration.ofMinutes(1));

  /** Delay after {@code failures} consecutive failures (>= 1). */
  public Duration delay(int failures) {
    long ms = base.toMillis();
    for (int i = 1; i < failures && ms < cap.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, cap.toMillis()));
  }
}
