package dev.berth.engine.queue;

import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reconciler bound to its work queue. {@link #processOne()} handles one due key synchronously —
 * the testkit harness calls it directly; {@link ControllerRunner} calls it from worker threads.
 *
 * <p>Outcome handling: success forgets the key's failure count and honours {@code requeueAfter}; an
 * exception requeues the key with per-key exponential backoff, so one broken key never blocks the
 * others or spins the CPU.
 *
 * @param <K> the key type
 */
public final class Controller<K> {
  private static final Logger log = LoggerFactory.getLogger(Controller.class);

  private final String name;
  private final WorkQueue<K> queue;
  private final Reconciler<K> reconciler;
  private final BiConsumer<K, Exception> onFailure;

  public Controller(String name, WorkQueue<K> queue, Reconciler<K> reconciler) {
    this(name, queue, reconciler, (k, e) -> {});
  }

  /**
   * @param onFailure told of every failed reconcile, besides the log and the retry (the testkit
   *     harness fails the test with it instead of retrying silently)
   */
  public Controller(
      String name,
      WorkQueue<K> queue,
      Reconciler<K> reconciler,
      BiConsumer<K, Exception> onFailure) {
    this.name = name;
    this.queue = queue;
    this.reconciler = reconciler;
    this.onFailure = onFailure;
  }

  public String name() {
    return name;
  }

  public WorkQueue<K> queue() {
    return queue;
  }

  /** Processes one due key, if any. Returns whether a key was processed. */
  public boolean processOne() {
    Optional<K> key = queue.poll();
    key.ifPresent(this::process);
    return key.isPresent();
  }

  /** Reconciles a key already taken from the queue and marks it done. */
  public void process(K key) {
    try {
      Result r = reconciler.reconcile(key);
      queue.forget(key);
      r.requeueAfter().ifPresent(d -> queue.addAfter(key, d));
    } catch (Exception e) {
      onFailure.accept(key, e);
      int n = queue.failures(key) + 1;
      if (n == 1 || Integer.bitCount(n) == 1) {
        log.warn(
            "{}: reconcile of {} failed ({} in a row), retrying: {}",
            name,
            key,
            n,
            e.toString(),
            e);
      }
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}
