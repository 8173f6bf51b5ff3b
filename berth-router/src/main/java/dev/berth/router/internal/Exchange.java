package dev.berth.router.internal;

import dev.berth.engine.store.ServiceKey;
import dev.berth.router.Backend;
import io.micrometer.core.instrument.Clock;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The router's state for one client request, from arrival to the last byte of the response: which
 * backends it tried, which one it is bound to, whether the request may have reached it, and the
 * buffered body that makes a retry possible.
 *
 * <p>It is also the request's completion {@link Callback}: when Jetty completes it, the request is
 * counted in the service's metrics exactly once and the client's callback is completed.
 *
 * <p>Invariants: attempts run one after another, never concurrently; a bound backend is released
 * exactly once (see {@link #releaseBackend()}); {@link #begun} is reset for every attempt and set
 * as soon as the router starts writing the request to a connected replica, after which the request
 * is never retried.
 */
final class Exchange implements Callback {

  private static final AtomicReferenceFieldUpdater<Exchange, AtomicInteger> BOUND_COUNT =
      AtomicReferenceFieldUpdater.newUpdater(Exchange.class, AtomicInteger.class, "boundCount");

  final ServiceRoutes service;
  final String requestId;
  private final Response response;
  private final Callback delegate;
  private final Clock clock;
  private final long startNanos;

  /** The whole request body when it was small enough to buffer, else null. */
  ByteBuffer body;

  /** False once the request body is streamed: a streamed body cannot be sent twice. */
  boolean retryable = true;

  private Backend[] tried = new Backend[2];
  private int attempts;
  private volatile Backend backend;
  private volatile BackendLoad boundLoad;
  private volatile AtomicInteger boundCount;
  private volatile boolean begun;

  /**
   * @param service a service that has counted this request as started ({@link
   *     ServiceRoutes#tryStart})
   */
  Exchange(
      ServiceRoutes service, String requestId, Response response, Callback delegate, Clock clock) {
    this.service = service;
    this.requestId = requestId;
    this.response = response;
    this.delegate = delegate;
    this.clock = clock;
    this.startNanos = clock.monotonicTime();
  }

  ServiceKey key() {
    return service.key;
  }

  Backend backend() {
    return backend;
  }

  /** The bound backend's balancing state and connection pool. */
  BackendLoad load() {
    return boundLoad;
  }

  int attempts() {
    return attempts;
  }

  boolean hasTried(Backend candidate) {
    for (int i = 0; i < attempts; i++) {
      if (tried[i].equals(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** Binds the exchange to a backend whose outstanding count the caller already incremented. */
  void bind(Backend chosen, BackendLoad count) {
    if (attempts == tried.length) {
      tried = java.util.Arrays.copyOf(tried, attempts * 2);
    }
    tried[attempts++] = chosen;
    begun = false;
    backend = chosen;
    boundLoad = count;
    boundCount = count;
  }

  /** Ends the exchange with the bound backend; idempotent, safe from any thread. */
  void releaseBackend() {
    AtomicInteger count = BOUND_COUNT.getAndSet(this, null);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  /**
   * Takes over the bound backend's outstanding count, so that a long-lived tunnel, not the HTTP
   * exchange that set it up, releases it.
   */
  AtomicInteger detachBackend() {
    return BOUND_COUNT.getAndSet(this, null);
  }

  /** True when the current attempt may have reached the backend (so it must not be retried). */
  boolean begun() {
    return begun;
  }

  /** The current attempt starts writing the request to a connected replica. */
  void markBegun() {
    begun = true;
  }

  @Override
  public void succeeded() {
    finish();
    delegate.succeeded();
  }

  @Override
  public void failed(Throwable failure) {
    finish();
    delegate.failed(failure);
  }

  @Override
  public InvocationType getInvocationType() {
    return delegate.getInvocationType();
  }

  private void finish() {
    releaseBackend();
    int status = response.getStatus();
    long nanos = clock.monotonicTime() - startNanos;
    BackendLoad last = boundLoad; // the backend that answered (or failed) the last attempt
    if (last != null) {
      last.recorder.answered(status, nanos);
    }
    service.finished(status, nanos);
  }
}
