package dev.berth.engine.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * What a reconcile asks of the queue: nothing more ({@link #done()}) or another look after a delay.
 *
 * @param requeueAfter when to look again, or empty
 */
public record Result(Optional<Duration> requeueAfter) {
  private static final Result DONE = new Result(Optional.empty());

  public static Result done() {
    return DONE;
  }

  public static Result requeueAfter(Duration d) {
    return new Result(Optional.of(d));
  }
}
