package dev.berth.router.internal;

import dev.berth.router.Backend;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Where a {@link Forward} gets its connection: an idle one from the backend's {@link UpstreamPool},
 * else a new one, connected asynchronously through the router's {@link ClientConnector} (its
 * selectors, its connect timeout).
 *
 * <p>A connect failure (refused, timed out, unresolvable) is reported to the {@link Forwarder}
 * before anything was written, so the request may be retried on another backend.
 */
final class Upstreams {

  private final ClientConnector connector;
  private final SocketAddressResolver resolver;
  private final Executor executor;
  private final long idleTimeoutMillis;

  Upstreams(
      ClientConnector connector,
      SocketAddressResolver resolver,
      Executor executor,
      long idleTimeoutMillis) {
    this.connector = connector;
    this.resolver = resolver;
    this.executor = executor;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  /** Sends the forward on a pooled connection to its exchange's bound backend, or a new one. */
  void send(Forward forward, Forwarder forwarder) {
    BackendLoad load = forward.exchange.load();
    UpstreamConnection pooled = load.pool.acquire();
    if (pooled != null) {
      pooled.send(forward);
      return;
    }
    Backend backend = load.backend;
    Map<String, Object> context = new HashMap<>();
    context.put(Transport.CONTEXT_KEY, Transport.TCP_IP);
    context.put(
        ClientConnectionFactory.CONTEXT_KEY,
        (ClientConnectionFactory)
            (endPoint, ctx) -> {
              endPoint.setIdleTimeout(idleTimeoutMillis);
              return new UpstreamConnection(endPoint, executor, load.pool);
            });
    Promise<UpstreamConnection> connected =
        Promise.from(c -> c.send(forward), x -> forwarder.connectFailed(forward, x));
    context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, connected);
    // Resolve asynchronously (a host name must not block a selector thread), then connect.
    resolver.resolve(
        backend.host(),
        backend.port(),
        context,
        Promise.from(
            addresses -> {
              try {
                connector.connect(addresses.get(0), context);
              } catch (RuntimeException x) {
                connected.failed(x);
              }
            },
            connected::failed));
  }
}
