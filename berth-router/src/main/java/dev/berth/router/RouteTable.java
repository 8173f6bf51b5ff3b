package dev.berth.router;

import dev.berth.engine.store.ServiceKey;
import java.util.List;
import java.util.Optional;

/**
 * Where the router may send requests for a web service: the port between the router and whatever
 * knows replica readiness (the control plane, or a static table in tests and benchmarks).
 *
 * <p>The router calls {@link #backends} on <em>every</em> request (and again before each retry), so
 * that a replica that stops being ready receives no new request from the next one on. It must
 * therefore be cheap, non-blocking and thread-safe: implementations should serve immutable lists
 * (for example one per service in a concurrent map, each replaced whole when that service's
 * replicas change) and return the stored instances rather than building new ones per call. Never do
 * IO or take a lock here: the router calls it on Jetty's selector threads, so a slow implementation
 * stalls every connection that thread serves.
 */
@FunctionalInterface
public interface RouteTable {

  /**
   * The ready backends of a web service.
   *
   * @return empty when no web service has this key (the router answers 404); an empty list when the
   *     service exists but no replica is ready (503); otherwise the ready replicas, in any stable
   *     order (the router balances across them itself)
   */
  Optional<List<Backend>> backends(ServiceKey service);
}
