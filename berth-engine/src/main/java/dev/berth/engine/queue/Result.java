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

  /** The sooner of two results (a reconcile combining several concerns). */
  public Result sooner(Result other) {
    if (requeueAfter.isEmpty()) {
      return other;
    }
    if (other.requeueAfter.isEmpty()) {
      return this;
    }
    return requeueAfter.get().compareTo(other.requeueAfter.get()) <= 0 ? this : other;
  }
}
