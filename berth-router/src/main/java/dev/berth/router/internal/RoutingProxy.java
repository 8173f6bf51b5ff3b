package dev.berth.router.internal;

import dev.berth.engine.autoscale.HttpTraffic;
import dev.berth.engine.store.ServiceKey;
import dev.berth.router.Backend;
import dev.berth.router.ReleaseTraffic;
import dev.berth.router.RouteTable;
import dev.berth.router.RouterConfig;
import dev.berth.router.ScaleFromZero;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The router's request handler: maps the Host header to a service and hands the request to the
 * {@link Forwarder}.
 *
 * <p>Per request it (1) maps the Host header to a service, (2) reads the service's ready backends
 * from the {@link RouteTable} (never a cached copy, so a replica that stops being ready gets no new
 * request), (3) picks the backend with the fewest outstanding requests, and (4) forwards the
 * request over a pooled keep-alive connection ({@link Upstreams}, {@link UpstreamConnection}), the
 * response streaming back as it arrives. WebSocket upgrades go to {@link WebSocketTunnel} instead.
 *
 * <pre>
 *  client ─▶ Jetty server ─▶ RoutingProxy.handle ─▶ Forwarder.dispatch ─▶ Forward ─▶ UpstreamConnection ─▶ replica
 *         ◀──────────── Response.write ◀──────────── Forward ◀──── HttpParser ◀───────────────────────┘
 * </pre>
 *
 * <p>The hot path takes no lock: maps are concurrent, counts are atomics, pools are lock-free
 * deques, and nothing blocks, so Jetty runs requests and replica responses on its selector threads
 * without handing them to other threads.
 */
public final class RoutingProxy extends Handler.Abstract.NonBlocking {

  /** Bodies up to this size are buffered so the request can be retried on another backend. */
  public static final int MAX_BUFFERED_BODY = 1 << 20;

  private static final int MAX_SELECTORS = 8;

  private final RouterConfig config;
  private final RouteTable routes;
  private final MeterRegistry registry;
  private final ErrorPages pages;
  private final HostLookup hosts = new HostLookup();
  private final Map<ServiceKey, ServiceRoutes> services = new ConcurrentHashMap<>();
  private final ServiceRoutes unrouted;
  private final ReleaseTraffic traffic;
  private final ScaleFromZero scaleFromZero;
  private final ClientConnector connector = new ClientConnector();
  private Forwarder forwarder;
  private WebSocketTunnel tunnel;

  /**
   * @param routerPort the port the router listens on once started, for the hints on error pages
   */
  public RoutingProxy(
      RouterConfig config,
      RouteTable routes,
      MeterRegistry registry,
      ReleaseTraffic traffic,
      ScaleFromZero scaleFromZero,
      IntSupplier routerPort) {
    this.config = config;
    this.traffic = traffic;
    this.scaleFromZero = scaleFromZero;
    this.routes = routes;
    this.registry = registry;
    this.pages = new ErrorPages(routerPort);
    this.unrouted =
        new ServiceRoutes(
            new ServiceKey("unknown", "unknown", "unknown"), registry, false, ReleaseTraffic.NONE);
    connector.setSelectors(1); // WebSocket tunnels only: requests use the shared selectors
    connector.setConnectTimeout(config.connectTimeout());
    addBean(connector);
  }

  @Override
  protected void doStart() throws Exception {
    Server server = getServer();
    connector.setExecutor(server.getThreadPool());
    connector.setScheduler(server.getScheduler());
    connector.setByteBufferPool(server.getByteBufferPool());
    super.doStart(); // starts the connector
    SocketAddressResolver resolver =
        new SocketAddressResolver.Async(
            server.getThreadPool(), server.getScheduler(), config.connectTimeout().toMillis());
    Upstreams upstreams =
        new Upstreams(
            selectors(server),
            resolver,
            server.getThreadPool(),
            config.requestTimeout().toMillis());
    forwarder =
        new Forwarder(
            config,
            routes,
            pages,
            upstreams,
            new HeldRequests(scaleFromZero, routes, pages, server.getScheduler()));
    tunnel =
        new WebSocketTunnel(
            connector,
            resolver,
            server.getThreadPool(),
            server.getByteBufferPool(),
            config,
            routes,
            pages);
  }

  private static SharedSelectors selectors(Server server) {
    for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
      if (c instanceof GuardedConnector guarded) {
        return guarded.sharedSelectors();
      }
    }
    throw new IllegalStateException("the router needs its GuardedConnector");
  }

  /**
   * Selector threads of the router's connector, which carry both its client connections and its
   * connections to replicas ({@link SharedSelectors}): one per core, up to {@value #MAX_SELECTORS}.
   * Requests, replica responses and connection resumes all run on selector threads (see {@link
   * InlineConnectionExecutor}), so with fewer selectors than cores the router could not use every
   * core. Measured on two cores shared with other work (docs/benchmarks.md, router section): one
   * selector spent about 15% less CPU per request than two, but reached 0.70x nginx's throughput
   * instead of 0.91x (medians of ten alternating rounds) with no better p99 at that load.
   */
  public static int selectorsPerSide() {
    return Math.max(1, Math.min(MAX_SELECTORS, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    HttpFields headers = request.getHeaders();
    String requestId = RequestIds.resolve(headers.get(RequestIds.HEADER));
    ServiceKey key = hosts.lookup(headers.get(HttpHeader.HOST));
    if (key == null) {
      unrouted.tryStart(); // never retired
      Exchange exchange = new Exchange(unrouted, requestId, response, callback, clock());
      pages.unknownHost(request, response, exchange, requestId);
      return true;
    }
    Optional<List<Backend>> found = routes.backends(key);
    if (found.isEmpty()) {
      unrouted.tryStart(); // never retired
      Exchange exchange = new Exchange(unrouted, requestId, response, callback, clock());
      pages.noSuchService(request, response, exchange, key, requestId);
      return true;
    }
    ServiceRoutes service = startedService(key);
    Exchange exchange = new Exchange(service, requestId, response, callback, clock());
    response.getHeaders().put(RequestIds.HEADER, requestId);

    if (WebSocketTunnel.isUpgrade(request)) {
      tunnel.open(request, response, exchange, found.get());
      return true;
    }
    long length = request.getLength();
    boolean expectsContinue = HttpHeaderValue.CONTINUE.is(headers.get(HttpHeader.EXPECT));
    if (length > 0 && length <= MAX_BUFFERED_BODY && !expectsContinue) {
      List<Backend> backends = found.get();
      Content.Source.asByteBufferAsync(request, MAX_BUFFERED_BODY)
          .whenComplete(
              (body, failure) -> {
                if (failure != null) {
                  pages.badRequest(
                      request, response, exchange, "could not read the request body", requestId);
                } else {
                  exchange.body = body;
                  forwarder.dispatch(request, response, exchange, backends);
                }
              });
      return true;
    }
    if (length > 0 || (length < 0 && headers.contains(HttpHeader.TRANSFER_ENCODING))) {
      exchange.retryable = false; // streamed body: it can be sent only once
    }
    forwarder.dispatch(request, response, exchange, found.get());
    return true;
  }

  /**
   * Forgets the services the route table no longer has and that have no request in flight: their
   * meters leave the registry (as series of deleted objects do in Kubernetes' metrics) and their
   * balancing state is dropped, so a long-running router does not grow with every service ever
   * routed. A service with a request in flight is kept until a later call; a request arriving while
   * its service is forgotten gets a fresh one with fresh meters.
   *
   * @return how many services were forgotten
   */
  public int forgetRemovedServices() {
    return forgetRemovedServices(services.keySet());
  }

  /**
   * As {@link #forgetRemovedServices()}, but looks only at the given services (those a route table
   * update just removed), so the work is proportional to the change, not to every routed service.
   *
   * @return how many services were forgotten
   */
  public int forgetRemovedServices(Iterable<ServiceKey> candidates) {
    int[] forgotten = {0};
    for (ServiceKey key : candidates) {
      if (routes.backends(key).isPresent()) {
        continue;
      }
      // Under the map's lock for this key: a request for it waits for the new entry instead of
      // registering meters that are about to be removed.
      services.computeIfPresent(
          key,
          (k, service) -> {
            if (!service.retire()) {
              return service; // requests in flight: try again after the next refresh
            }
            service.removeMeters();
            service.closeConnections();
            forgotten[0]++;
            return null;
          });
    }
    return forgotten[0];
  }

  /**
   * What the router counted for a service (requests in flight, held ones included, and answered),
   * or empty when it has not routed a request to it since it started or forgot it. Reads the
   * counters the service's meters keep anyway: nothing is added to the request path.
   */
  public Optional<HttpTraffic.Sample> sample(ServiceKey key) {
    ServiceRoutes service = services.get(key);
    return service == null
        ? Optional.empty()
        : Optional.of(new HttpTraffic.Sample(service.inFlight(), service.answered()));
  }

  /**
   * The routes of a service with this request counted as started. A service retired by {@link
   * #forgetRemovedServices} between the lookup and the start is about to leave the map: look again
   * until its successor is there.
   */
  private ServiceRoutes startedService(ServiceKey key) {
    while (true) {
      ServiceRoutes service = services.get(key);
      if (service == null) {
        service = services.computeIfAbsent(key, k -> new ServiceRoutes(k, registry, true, traffic));
      }
      if (service.tryStart()) {
        return service;
      }
      Thread.onSpinWait();
    }
  }

  private io.micrometer.core.instrument.Clock clock() {
    return registry.config().clock();
  }
}
