package dev.berth.router;

import dev.berth.engine.autoscale.HttpTraffic;
import dev.berth.engine.store.ServiceKey;
import dev.berth.router.internal.GuardedConnector;
import dev.berth.router.internal.InlineConnectionExecutor;
import dev.berth.router.internal.RouterThreadPool;
import dev.berth.router.internal.RoutingProxy;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.util.Collection;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Berth's HTTP router: a reverse proxy, built on Jetty 12's server and io layer (see README.md
 * beside this file), that sends {@code
 * http://<service>.<environment>.<project>.localhost:<port>/...} to the ready replicas of that web
 * service.
 *
 * <p>Behaviour, in short: the backends come from the {@link RouteTable} on every request; requests
 * go to the backend with the fewest outstanding requests (ties round robin) over pooled keep-alive
 * connections; a connect failure is retried on another ready backend up to {@link
 * RouterConfig#maxConnectAttempts()} times, but a request that may have reached a backend never is;
 * {@code X-Forwarded-For/Proto/Host}, {@code Forwarded}, {@code Via} and {@code X-Request-Id} are
 * added; WebSocket upgrades are tunnelled; errors are small HTML or JSON pages with an {@code
 * X-Berth-Error} code; Micrometer meters {@code berth.router.requests}, {@code
 * berth.router.request.duration}, {@code berth.router.in.flight} and {@code
 * berth.router.upstream.connect.failures} are tagged by project, environment and service. Clients
 * get {@link RouterConfig#headerTimeout()} to send a request's headers and at most {@link
 * RouterConfig#maxConnections()} connections are held at once ({@code berth.router.connections},
 * {@code berth.router.connections.rejected}, {@code berth.router.header.timeouts}). A request that
 * finds no ready replica of a service that {@link ScaleFromZero} says scales from zero is held
 * (bounded, with a timeout) until one is ready, instead of answered 503; {@link #httpTraffic()}
 * serves the in-flight and answered counts to the autoscaler's {@code http} triggers.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()} once; close stops accepting
 * connections and lets in-flight requests finish for up to {@link #GRACE_MILLIS} ms. Thread-safe.
 */
public final class Router implements AutoCloseable {

  /** How long {@link #close()} waits for in-flight requests before cutting them. */
  public static final long GRACE_MILLIS = 5_000;

  private final RouterConfig config;
  private final Server server;
  private final ServerConnector connector;
  private final RoutingProxy proxy;

  /** A router that reports no per-release traffic. */
  public Router(RouterConfig config, RouteTable routes, MeterRegistry registry) {
    this(config, routes, registry, ReleaseTraffic.NONE);
  }

  /**
   * @param traffic where each answered request is counted for the release that answered it
   */
  public Router(
      RouterConfig config, RouteTable routes, MeterRegistry registry, ReleaseTraffic traffic) {
    this(config, routes, registry, traffic, ScaleFromZero.NONE);
  }

  /**
   * @param traffic where each answered request is counted for the release that answered it
   * @param scaleFromZero asked when a request finds no ready replica: whether to hold it while the
   *     service scales from zero
   */
  public Router(
      RouterConfig config,
      RouteTable routes,
      MeterRegistry registry,
      ReleaseTraffic traffic,
      ScaleFromZero scaleFromZero) {
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(scaleFromZero, "scaleFromZero");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(registry, "registry");
    RouterThreadPool threads = new RouterThreadPool("berth-router");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setSendDateHeader(false); // replicas send their own Date; two would confuse clients
    // Requests are parsed from heap buffers: Jetty's header lookups walk them through the array,
    // much faster than through a direct buffer's checked accessors (a read copies the few hundred
    // bytes of a request once more, which costs less).
    http.setUseInputDirectByteBuffers(false);
    // Connections resume on the thread that completed their response: see InlineConnectionExecutor.
    // Capped connections and a deadline for request headers: see GuardedConnector.
    this.connector =
        new GuardedConnector(
            server,
            new InlineConnectionExecutor(threads, server),
            RoutingProxy.selectorsPerSide(),
            config.maxConnections(),
            config.headerTimeout(),
            registry,
            new HttpConnectionFactory(http));
    connector.setHost(config.bindHost());
    connector.setPort(config.port());
    server.addConnector(connector);
    this.proxy = new RoutingProxy(config, routes, registry, traffic, scaleFromZero, this::port);
    GracefulHandler graceful = new GracefulHandler(proxy);
    // Static handler tree: lets Jetty see the proxy's invocation type instead of assuming blocking.
    graceful.setDynamic(false);
    server.setHandler(graceful);
    server.setDynamic(false);
    server.setStopTimeout(GRACE_MILLIS);
    server.setStopAtShutdown(false);
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws RouterStartException when the port is taken or the router cannot start otherwise; the
   *     message says what to do
   */
  public void start() {
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly();
      if (isBindFailure(e)) {
        throw new RouterStartException(
            "port "
                + config.port()
                + " on "
                + config.bindHost()
                + " is already in use; stop whatever uses it or pass --router-port",
            e);
      }
      throw new RouterStartException(
          "could not start the router on " + config.bindHost() + ":" + config.port() + ": " + e, e);
    }
  }

  /** The port the router listens on: the configured one, or the ephemeral one picked for 0. */
  public int port() {
    int local = connector.getLocalPort();
    return local > 0 ? local : config.port();
  }

  /**
   * Drops the meters and balancing state of services that left the route table and have no request
   * in flight. Call it after the route table changes (the control plane does after each refresh);
   * cheap when nothing was removed.
   *
   * @return how many services were forgotten
   */
  public int forgetRemovedServices() {
    return proxy.forgetRemovedServices();
  }

  /**
   * As {@link #forgetRemovedServices()}, looking only at the given services: call it with the
   * services a route table update removed, so its work follows the change, not the route table's
   * size. A service with requests in flight stays until a later call without arguments.
   *
   * @return how many services were forgotten
   */
  public int forgetRemovedServices(Collection<ServiceKey> removed) {
    return removed.isEmpty() ? 0 : proxy.forgetRemovedServices(removed);
  }

  /**
   * What the router measures of each web service's HTTP load, for the autoscaler's {@code http}
   * triggers: requests in flight (held ones included) and answered, from the counters its meters
   * keep anyway. Cheap, non-blocking, thread-safe.
   */
  public HttpTraffic httpTraffic() {
    return proxy::sample;
  }

  /** Stops accepting connections, lets in-flight requests finish (bounded), then stops. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("router did not stop cleanly", e);
    }
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception ignored) {
      // already failing to start: the start failure is what the caller needs to see
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      if (t instanceof IOException && String.valueOf(t.getMessage()).startsWith("Failed to bind")) {
        return true;
      }
    }
    return false;
  }
}
