package dev.berth.router.internal;

import dev.berth.router.Backend;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Where a {@link Forward} gets its connection: an idle one from the backend's pool for the selector
 * of the client connection, else a new one, opened on that same selector ({@link SharedSelectors})
 * with the router's connect timeout.
 *
 * <p>A connect failure (refused, timed out, unresolvable) is reported to the {@link Forwarder}
 * before anything was written, so the request may be retried on another backend.
 */
final class Upstreams {

  private final SharedSelectors selectors;
  private final SocketAddressResolver resolver;
  private final Executor executor;
  private final long idleTimeoutMillis;

  Upstreams(
      SharedSelectors selectors,
      SocketAddressResolver resolver,
      Executor executor,
      long idleTimeoutMillis) {
    this.selectors = selectors;
    this.resolver = resolver;
    this.executor = executor;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  /** Sends the forward on a pooled connection to its exchange's bound backend, or a new one. */
  void send(Forward forward, Forwarder forwarder) {
    BackendLoad load = forward.exchange.load();
    // The client connection's selector: the replica connection lives on it too (SharedSelectors).
    int selector =
        selectors.indexOf(forward.request.getConnectionMetaData().getConnection().getEndPoint());
    UpstreamPool pool = load.pool(selector);
    UpstreamConnection pooled = pool.acquire();
    if (pooled != null) {
      pooled.send(forward);
      return;
    }
    SharedSelectors.Dial dial = new NewConnection(forward, forwarder, pool);
    if (load.address != null) {
      selectors.connect(load.address, selector, dial);
      return;
    }
    // A host name: resolve off the selector thread, then connect (on any selector).
    Backend backend = load.backend;
    resolver.resolve(
        backend.host(),
        backend.port(),
        null,
        Promise.from(
            addresses -> selectors.connect((InetSocketAddress) addresses.get(0), selector, dial),
            dial::failed));
  }

  /** The dial of a new connection for one forward; the connection joins {@code pool} later. */
  private final class NewConnection implements SharedSelectors.Dial {
    private final Forward forward;
    private final Forwarder forwarder;
    private final UpstreamPool pool;

    NewConnection(Forward forward, Forwarder forwarder, UpstreamPool pool) {
      this.forward = forward;
      this.forwarder = forwarder;
      this.pool = pool;
    }

    @Override
    public Connection newConnection(EndPoint endPoint) {
      endPoint.setIdleTimeout(idleTimeoutMillis);
      return new UpstreamConnection(endPoint, executor, pool);
    }

    @Override
    public void opened(Connection connection) {
      ((UpstreamConnection) connection).send(forward);
    }

    @Override
    public void failed(Throwable failure) {
      forwarder.connectFailed(forward, failure);
    }
  }
}
