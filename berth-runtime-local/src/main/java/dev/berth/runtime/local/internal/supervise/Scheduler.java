package dev.berth.runtime.local.internal.supervise;

import java.time.Duration;

/**
 * The supervisor's single thread: every state change of every replica runs here, one task at a
 * time, so the state machines need no locks and each replica's statuses come out in order. Tests
 * use a manual implementation driven by a {@code MutableClock}, so no real time passes.
 */
public interface Scheduler {
  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    void cancel();
  }

  /** Runs {@code task} on the supervisor thread after the tasks already queued. */
  void execute(Runnable task);

  /** Runs {@code task} on the supervisor thread after {@code delay}. */
  Cancellable schedule(Duration delay, Runnable task);
}
