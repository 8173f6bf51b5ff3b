package dev.berth.router;

import dev.berth.engine.store.ServiceKey;
import java.time.Duration;

/**
 * The port between the router and whatever scales web services from zero (the control plane's
 * autoscaler): asked when a request finds no ready replica, it says whether to hold the request
 * until one is ready, and starts one.
 *
 * <p>The router calls {@link #hold} on a selector thread, only on the path of a request that found
 * its service without a ready replica (never on the path of a routed request), once per such
 * request: it must be cheap, non-blocking and thread-safe, and deduplicate the wake-ups of a burst
 * itself. {@link #coldStarted} is called once per cold start, when the held requests are released.
 */
public interface ScaleFromZero {

  /** Holds nothing: a service without a ready replica answers 503 at once. */
  ScaleFromZero NONE = service -> null;

  /**
   * A request for {@code service} found no ready replica.
   *
   * @return how to hold it while a replica starts (and a replica is being started), or {@code null}
   *     when the service does not scale from zero (the router answers 503 at once)
   */
  Hold hold(ServiceKey service);

  /**
   * The held requests of {@code service} were released to a ready replica, {@code nanos} after the
   * first of them arrived: the service's cold-start latency as its users saw it.
   */
  default void coldStarted(ServiceKey service, long nanos) {}

  /**
   * How the router holds a service's requests while it scales from zero.
   *
   * @param maxQueued the most requests held at once for the service; one more answers 503 with
   *     {@code Retry-After} at once
   * @param timeout the longest one request is held; then it answers 503 with {@code Retry-After}
   */
  record Hold(int maxQueued, Duration timeout) {
    public Hold {
      if (maxQueued < 1) {
        throw new IllegalArgumentException("maxQueued must be at least 1, got " + maxQueued);
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the hold timeout must be positive, got " + timeout);
      }
    }
  }
}
