package dev.berth.router;

import dev.berth.engine.store.ServiceKey;

/**
 * Where the router reports how each release of a web service answers its users: the measure the
 * post-rollout watch of a release judges (its 5xx rate and p95 latency, {@code deploy.watch}).
 *
 * <p>The router asks for a {@link Recorder} once per backend it starts balancing to (not per
 * request) and calls {@link Recorder#answered} once for every request that was bound to a backend,
 * when its response has ended: on a selector thread, so recording must be cheap, non-blocking and
 * thread-safe (atomic counters, no lock, no IO). A request that no backend was chosen for (no ready
 * replica, unknown host) belongs to no release and is not reported.
 */
@FunctionalInterface
public interface ReleaseTraffic {

  /** Reports nothing: for routers whose owner does not watch releases (tests, benchmarks). */
  ReleaseTraffic NONE = (service, revision) -> Recorder.NONE;

  /**
   * The recorder for the answers of one revision of a service.
   *
   * @param revision the backend's {@link Backend#revision()}, possibly empty (unknown)
   */
  Recorder recorder(ServiceKey service, String revision);

  /** Counts the answers of one revision of one service. */
  @FunctionalInterface
  interface Recorder {
    Recorder NONE = (status, nanos) -> {};

    /**
     * One request answered.
     *
     * @param status the HTTP status the client got (a router error page's status included: a
     *     replica that resets the connection answers 502 as far as the user can tell)
     * @param nanos from the request's arrival to the last byte of its response
     */
    void answered(int status, long nanos);
  }
}
