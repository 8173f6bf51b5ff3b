package dev.berth.engine.queue;

/**
 * The sync function of a controller: read the current and desired state for one key, decide, write
 * once. It must be idempotent (it may run any number of times for the same state) and must not
 * wait: when it needs to look again later, it returns {@link Result#requeueAfter}.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface Reconciler<K> {
  /** Reconciles one key; throwing means "retry with backoff". */
  Result reconcile(K key) throws Exception;
}
