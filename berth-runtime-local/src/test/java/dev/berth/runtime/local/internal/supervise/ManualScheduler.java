package dev.berth.runtime.local.internal.supervise;

import dev.berth.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A {@link Scheduler} that runs tasks only when the test moves a {@link MutableClock}. */
public final class ManualScheduler implements Scheduler {
  private final MutableClock clock;
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::seq));
  private long seq;

  private static final class Task {
    final Instant due;
    final long seq;
    final Runnable r;
    boolean cancelled;

    Task(Instant due, long seq, Runnable r) {
      this.due = due;
      this.seq = seq;
      this.r = r;
    }

    Instant due() {
      return due;
    }

    long seq() {
      return seq;
    }
  }

  public ManualScheduler(MutableClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void execute(Runnable task) {
    queue.add(new Task(clock.instant(), seq++, task));
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(clock.instant().plus(delay), seq++, task);
    queue.add(t);
    return () -> t.cancelled = true;
  }

  /** Runs every task due now, including those they queue for now. */
  public void runDue() {
    while (true) {
      Task t;
      synchronized (this) {
        t = queue.peek();
        if (t == null || t.due.isAfter(clock.instant())) {
          return;
        }
        queue.poll();
      }
      if (!t.cancelled) {
        t.r.run();
      }
    }
  }

  /** Moves time forward by {@code d}, stopping at each due task to run it at its time. */
  public void advance(Duration d) {
    Instant target = clock.instant().plus(d);
    while (true) {
      runDue();
      Task next;
      synchronized (this) {
        queue.removeIf(t -> t.cancelled);
        next = queue.peek();
      }
      if (next == null || next.due.isAfter(target)) {
        break;
      }
      clock.set(next.due);
    }
    clock.set(target);
    runDue();
  }
}
