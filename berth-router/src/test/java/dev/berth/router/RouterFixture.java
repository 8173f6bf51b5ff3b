package dev.berth.router;

import static dev.berth.router.TestRoutes.WEB;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import org.eclipse.jetty.client.ContentResponse;

/**
 * A started router on an ephemeral port with one real replica ({@code one}) behind {@link
 * TestRoutes#WEB}, a Prometheus registry and a client: what the router ITs share.
 */
final class RouterFixture implements AutoCloseable {

  final TestRoutes routes = new TestRoutes();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final TestBackend one;
  final Clients clients;
  private Router router;

  RouterFixture() throws Exception {
    one = new TestBackend("one");
    routes.set(WEB, one.backend());
    router = started(Duration.ofSeconds(5));
    clients = new Clients();
  }

  Router router() {
    return router;
  }

  /** Replaces the router with one whose request timeout is {@code requestTimeout}. */
  Router restart(Duration requestTimeout) {
    router.close();
    router = started(requestTimeout);
    return router;
  }

  /** Replaces the router with one configured as given (its port should be 0). */
  Router restart(RouterConfig config) {
    router.close();
    router = new Router(config, routes, registry);
    router.start();
    return router;
  }

  /** The configuration the fixture's router starts with: ephemeral port, 1 s connect timeout. */
  static RouterConfig config(Duration requestTimeout) {
    return new RouterConfig("127.0.0.1", 0, requestTimeout, Duration.ofSeconds(1), 3);
  }

  private Router started(Duration requestTimeout) {
    Router r = new Router(config(requestTimeout), routes, registry);
    r.start();
    return r;
  }

  ContentResponse get(String host) throws Exception {
    return clients.get(router.port(), host, "/");
  }

  /** The meter tags of {@link TestRoutes#WEB}. */
  static Tags webTags() {
    return Tags.of(
        "project", WEB.project(), "environment", WEB.environment(), "service", WEB.service());
  }

  /** A backend on a port nothing listens on: connecting to it is refused. */
  static Backend deadBackend(String id) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return new Backend(id, "127.0.0.1", port);
  }

  @Override
  public void close() throws Exception {
    clients.close();
    router.close();
    one.close();
  }
}
