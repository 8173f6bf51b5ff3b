package dev.berth.runtime.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of stopping all replicas: the start, then how many are left at most once a
 * second, and the end, so a shutdown of a thousand replicas is neither silent nor a thousand lines.
 */
final class LoggedStopProgress implements StopProgress {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);
  private static final Duration EVERY = Duration.ofSeconds(1);

  private final Clock clock;
  private Instant last;

  LoggedStopProgress(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void left(int left, int total) {
    Instant now = clock.instant();
    if (last == null || left == 0 || !now.isBefore(last.plus(EVERY))) {
      last = now;
      LOG.info("stopping replicas: {} of {} still running", left, total);
    }
  }
}
