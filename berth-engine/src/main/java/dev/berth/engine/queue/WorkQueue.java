package dev.berth.engine.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A keyed work queue with client-go's semantics, driven by an injected clock.
 *
 * <p>Invariants: a key is queued at most once (adding it again is a no-op, or moves its due time
 * earlier); a key is processed by at most one worker at a time — a key added while being processed
 * becomes due again when {@link #done} is called, so no change is lost and no key is reconciled
 * concurrently with itself. Delays are absolute due instants computed from the clock, so tests move
 * a {@code MutableClock} instead of waiting.
 *
 * <p>Clock jumps: a due instant further in the future than the longest possible delay (the backoff
 * cap or the requested delay) after a backwards jump is clamped when polled, so a clock set back
 * never starves a key.
 *
 * @param <K> the key type (a value type with equals/hashCode)
 */
public final class WorkQueue<K> {
  private final Clock clock;
  private final RetryBackoff backoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Due instant of every queued key; insertion order breaks ties (FIFO among equals). */
  private final Map<K, Instant> due = new HashMap<>();

  private final Set<K> order = new LinkedHashSet<>();
  private final Set<K> processing = new HashSet<>();

  /** Keys re-added while processing, with the due time they asked for. */
  private final Map<K, Instant> dirty = new HashMap<>();

  private final Map<K, Integer> failures = new HashMap<>();
  private final Map<K, Instant> dueSetAt = new HashMap<>();
  private boolean shutDown;

  public WorkQueue(Clock clock, RetryBackoff backoff) {
    this.clock = clock;
    this.backoff = backoff;
  }

  /** Queues the key to be processed as soon as possible. */
  public void add(K key) {
    addAt(key, clock.instant());
  }

  /** Queues the key to be processed after {@code delay}; an earlier pending due time wins. */
  public void addAfter(K key, Duration delay) {
    addAt(key, clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay));
  }

  /** Queues the key after its next retry delay (exponential per key) and counts a failure. */
  public void addRateLimited(K key) {
    Duration delay;
    lock.lock();
    try {
      int n = failures.merge(key, 1, Integer::sum);
      delay = backoff.delay(n);
    } finally {
      lock.unlock();
    }
    addAfter(key, delay);
  }

  /** Forgets the key's failure count: the next failure starts from the base delay again. */
  public void forget(K key) {
    lock.lock();
    try {
      failures.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** Consecutive failures recorded for the key. */
  public int failures(K key) {
    lock.lock();
    try {
      return failures.getOrDefault(key, 0);
    } finally {
      lock.unlock();
    }
  }

  private void addAt(K key, Instant at) {
    lock.lock();
    try {
      if (shutDown) {
        return;
      }
      if (processing.contains(key)) {
        dirty.merge(key, at, WorkQueue::earlier);
        return;
      }
      Instant current = due.get(key);
      if (current == null || at.isBefore(current)) {
        due.put(key, at);
        dueSetAt.put(key, clock.instant());
        order.add(key);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the earliest due key, marking it as processing, or empty when none is due now. The caller
   * must call {@link #done} with it.
   */
  public Optional<K> poll() {
    lock.lock();
    try {
      return pollLocked(clock.instant());
    } finally {
      lock.unlock();
    }
  }

  private Optional<K> pollLocked(Instant now) {
    K best = null;
    Instant bestAt = null;
    for (K k : order) {
      Instant at = clampForClockJump(k, due.get(k), now);
      if (!at.isAfter(now) && (bestAt == null || at.isBefore(bestAt))) {
        best = k;
        bestAt = at;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    order.remove(best);
    due.remove(best);
    dueSetAt.remove(best);
    processing.add(best);
    return Optional.of(best);
  }

  /** A key scheduled before a backwards clock jump becomes due no later than its delay allows. */
  private Instant clampForClockJump(K key, Instant at, Instant now) {
    Instant setAt = dueSetAt.get(key);
    if (setAt != null && now.isBefore(setAt)) {
      Duration wanted = Duration.between(setAt, at);
      Instant clamped = now.plus(wanted);
      if (clamped.isBefore(at)) {
        due.put(key, clamped);
        dueSetAt.put(key, now);
        return clamped;
      }
    }
    return at;
  }

  /**
   * Blocks (real time) until a key is due or {@code maxWait} passes; for the imperative shell only.
   * Returns empty on timeout or shutdown.
   */
  public Optional<K> take(Duration maxWait) throws InterruptedException {
    long left = maxWait.toNanos(); // real waiting time, counted down by awaitNanos itself
    lock.lock();
    try {
      while (!shutDown) {
        Instant now = clock.instant();
        Optional<K> k = pollLocked(now);
        if (k.isPresent()) {
          return k;
        }
        if (left <= 0) {
          return Optional.empty();
        }
        Optional<Instant> next = nextDueLocked();
        long untilDue = next.map(n -> Math.max(1, Duration.between(now, n).toNanos())).orElse(left);
        long wait = Math.min(untilDue, left);
        left -= wait - Math.max(0, changed.awaitNanos(wait));
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** Marks processing of the key finished; if it was re-added meanwhile, it is queued again. */
  public void done(K key) {
    lock.lock();
    try {
      processing.remove(key);
      Instant again = dirty.remove(key);
      if (again != null && !shutDown) {
        due.merge(key, again, WorkQueue::earlier);
        dueSetAt.put(key, clock.instant());
        order.add(key);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** When the earliest queued key is due, or empty when nothing is queued. */
  public Optional<Instant> nextDueAt() {
    lock.lock();
    try {
      return nextDueLocked();
    } finally {
      lock.unlock();
    }
  }

  private Optional<Instant> nextDueLocked() {
    return order.stream().map(due::get).min(Instant::compareTo);
  }

  /** Keys queued (not counting those being processed). */
  public int size() {
    lock.lock();
    try {
      return order.size();
    } finally {
      lock.unlock();
    }
  }

  /** Stops accepting keys and wakes every waiting {@link #take}. */
  public void shutdown() {
    lock.lock();
    try {
      shutDown = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
