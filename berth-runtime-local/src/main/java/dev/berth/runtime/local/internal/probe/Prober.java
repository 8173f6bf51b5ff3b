package dev.berth.runtime.local.internal.probe;

import java.util.concurrent.CompletableFuture;

/**
 * Runs health probes off the supervisor thread. The future always completes, with {@code false} for
 * any failure and at the latest shortly after the check's timeout, so a hanging app never stalls
 * the supervisor or other replicas.
 */
public interface Prober {
  CompletableFuture<Boolean> probe(ProbeRequest request);
}
