package dev.berth.router.internal;

import dev.berth.engine.store.ServiceKey;
import dev.berth.router.Backend;
import dev.berth.router.RouteTable;
import dev.berth.router.RouterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The router's request handler: Jetty's reverse {@link ProxyHandler} with Berth's routing on top.
 *
 * <p>Per request it (1) maps the Host header to a service, (2) reads the service's ready backends
 * from the {@link RouteTable} (never a cached copy, so a replica that stops being ready gets no new
 * request), (3) picks the backend with the fewest outstanding requests, and (4) lets Jetty's proxy
 * forward the request over a pooled keep-alive connection. WebSocket upgrades go to {@link
 * WebSocketTunnel} instead, since Jetty's HTTP client cannot proxy them.
 *
 * <p>Retry invariant: a request is retried on another ready backend only when the previous attempt
 * failed before the HTTP client began writing it to a connected backend (connection refused or
 * connect timeout), only when its body is buffered (none, or at most {@link #MAX_BUFFERED_BODY}
 * bytes with a known length), and at most {@link RouterConfig#maxConnectAttempts()} times in all.
 * Once a request may have reached a backend it is never sent again, so non-idempotent requests are
 * safe.
 *
 * <p>The hot path takes no lock: maps are concurrent, counts are atomics, and the per-request
 * allocations are the {@link Exchange} and what Jetty's proxy itself allocates.
 */
public final class RoutingProxy extends ProxyHandler.Reverse {

  /** Bodies up to this size are buffered so the request can be retried on another backend. */
  public static final int MAX_BUFFERED_BODY = 1 << 20;

  private static final int MAX_CONNECTIONS_PER_BACKEND = 256;
  private static final int MAX_QUEUED_PER_BACKEND = 4096;
  private static final long DESTINATION_IDLE_TIMEOUT_MS = 60_000;
  private static final int MAX_SELECTORS = 8;

  private final RouterConfig config;
  private final RouteTable routes;
  private final MeterRegistry registry;
  private final ErrorPages pages;
  private final HostLookup hosts = new HostLookup();
  private final Map<ServiceKey, ServiceRoutes> services = new ConcurrentHashMap<>();
  private final ServiceRoutes unrouted;
  private ClientConnector clientConnector;
  private WebSocketTunnel tunnel;

  /**
   * @param routerPort the port the router listens on once started, for the hints on error pages
   */
  public RoutingProxy(
      RouterConfig config, RouteTable routes, MeterRegistry registry, IntSupplier routerPort) {
    super(RoutingProxy::target);
    this.config = config;
    this.routes = routes;
    this.registry = registry;
    this.pages = new ErrorPages(routerPort);
    this.unrouted =
        new ServiceRoutes(new ServiceKey("unknown", "unknown", "unknown"), registry, false);
    setUseServerThreadPool(true);
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    tunnel =
        new WebSocketTunnel(
            clientConnector,
            getHttpClient().getSocketAddressResolver(),
            getServer().getThreadPool(),
            getServer().getByteBufferPool(),
            config,
            routes,
            pages);
  }

  /**
   * Non-blocking: nothing on the request path blocks (the {@link RouteTable} contract forbids it),
   * so Jetty may run requests and backend responses on its selector threads instead of handing each
   * event to another thread. On a small machine those hand-offs cost more than the proxying.
   */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  /**
   * Selector threads for each side of the proxy (the router's server connector and its HTTP
   * client): one per core, up to {@value #MAX_SELECTORS}. Requests, backend responses and
   * connection resumes all run on selector threads (see {@link #getInvocationType()} and {@link
   * InlineConnectionExecutor}), so with fewer selectors than cores the router could not use every
   * core; on two cores, one selector per side left the machine about 10% idle under load.
   */
  public static int selectorsPerSide() {
    return Math.max(1, Math.min(MAX_SELECTORS, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  protected HttpClient newHttpClient() {
    ClientConnector connector = new ClientConnector();
    connector.setSelectors(selectorsPerSide());
    connector.setConnectTimeout(config.connectTimeout());
    connector.setTCPNoDelay(true);
    clientConnector = connector;
    HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
    transport.setInvocationType(InvocationType.NON_BLOCKING); // see getInvocationType()
    return new HttpClient(transport);
  }

  @Override
  protected void configureHttpClient(HttpClient client) {
    super.configureHttpClient(client);
    client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_BACKEND);
    client.setMaxRequestsQueuedPerDestination(MAX_QUEUED_PER_BACKEND);
    client.setConnectTimeout(config.connectTimeout().toMillis());
    // One idle timeout for everything: an exchange whose backend sends nothing for this long fails
    // with a TimeoutException (504), and a pooled connection unused for this long is closed.
    client.setIdleTimeout(config.requestTimeout().toMillis());
    client.setDestinationIdleTimeout(DESTINATION_IDLE_TIMEOUT_MS);
    client.setUserAgentField(null); // forward the client's User-Agent, never add Jetty's own
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
    RoutedRequest routed = new RoutedRequest(request, exchange);
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
                  dispatch(routed, response, exchange, backends);
                }
              });
      return true;
    }
    if (length > 0 || (length < 0 && headers.contains(HttpHeader.TRANSFER_ENCODING))) {
      exchange.retryable = false; // streamed body: it can be sent only once
    }
    dispatch(routed, response, exchange, found.get());
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
            forgotten[0]++;
            return null;
          });
    }
    return forgotten[0];
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
        service = services.computeIfAbsent(key, k -> new ServiceRoutes(k, registry, true));
      }
      if (service.tryStart()) {
        return service;
      }
      Thread.onSpinWait();
    }
  }

  /** Sends the request to the least loaded untried backend, or answers with an error page. */
  private void dispatch(
      Request request, Response response, Exchange exchange, List<Backend> backends) {
    Backend backend = exchange.service.acquire(backends, exchange);
    if (backend != null) {
      super.handle(request, response, exchange);
    } else if (exchange.attempts() == 0) {
      pages.noReadyReplica(request, response, exchange, exchange.key(), exchange.requestId);
    } else {
      pages.upstreamFailure(
          request,
          response,
          exchange,
          ErrorCode.UPSTREAM_CONNECT_FAILED,
          exchange.key(),
          config.requestTimeout(),
          exchange.requestId);
    }
  }

  /**
   * Jetty's proxy asks for the rewritten URI before it builds the upstream request; {@link
   * #newProxyToServerRequest} builds that request from the bound backend's origin and the client's
   * own path and query instead, so the URI given back here is the client's, unused.
   */
  private static HttpURI target(Request request) {
    return request.getHttpURI();
  }

  /** The exchange of a request this handler routed: every hook of the proxy gets the wrapper. */
  private static Exchange exchange(Request request) {
    return ((RoutedRequest) request).exchange;
  }

  /**
   * The client's request as handed to Jetty's proxy, carrying its {@link Exchange}: cheaper than a
   * request attribute, whose map Jetty would allocate for every request.
   */
  private static final class RoutedRequest extends Request.Wrapper {
    final Exchange exchange;

    RoutedRequest(Request request, Exchange exchange) {
      super(request);
      this.exchange = exchange;
    }
  }

  private io.micrometer.core.instrument.Clock clock() {
    return registry.config().clock();
  }

  /**
   * The upstream request: the bound backend's origin (a URI built once per backend) with the
   * client's raw path and query. Jetty's default would render the rewritten URI to a string and
   * parse it back into a {@code java.net.URI} for every request, and would answer 500 for a
   * request-target that Jetty's server accepts but {@code java.net.URI} rejects (such as the query
   * {@code ?q={x}|y}); path and query are forwarded byte for byte instead, as nginx does.
   */
  @Override
  protected org.eclipse.jetty.client.Request newProxyToServerRequest(
      Request clientToProxy, HttpURI ignored) {
    Exchange exchange = exchange(clientToProxy);
    // No per-request idle timeout: the client's idle timeout already is the request timeout, and
    // changing an endpoint's timeout per request would reschedule its timer every time.
    return getHttpClient()
        .newRequest(exchange.origin())
        .path(clientToProxy.getHttpURI().getPathQuery())
        .method(clientToProxy.getMethod())
        .onRequestBegin(exchange);
  }

  /** Replaces Jetty's {@code Via}/{@code Forwarded} code: see {@link ForwardingHeaders}. */
  @Override
  protected void addProxyHeaders(
      Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
    ForwardingHeaders.add(clientToProxy, proxyToServer, exchange(clientToProxy).requestId);
  }

  @Override
  protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(
      Request clientToProxy,
      Response proxyToClient,
      org.eclipse.jetty.client.Request proxyToServer) {
    Exchange exchange = exchange(clientToProxy);
    if (exchange.retryable) {
      // The body was buffered (or there is none, though a Content-Type came along): send a copy,
      // so a failed attempt can never fail the client's own request and a retry resends it.
      ByteBuffer body = exchange.body == null ? BufferUtil.EMPTY_BUFFER : exchange.body.slice();
      return new ByteBufferRequestContent(
          clientToProxy.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
    }
    return super.newProxyToServerRequestContent(clientToProxy, proxyToClient, proxyToServer);
  }

  @Override
  protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(
      Request clientToProxy,
      org.eclipse.jetty.client.Request proxyToServer,
      Response proxyToClient,
      Callback callback) {
    return new ReleasingListener(clientToProxy, proxyToServer, proxyToClient, callback);
  }

  @Override
  protected HttpField filterServerToProxyResponseField(HttpField field) {
    // The router owns X-Request-Id on the response: it already set the value it sent upstream.
    return field.is(RequestIds.HEADER) ? null : field;
  }

  @Override
  protected void onServerToProxyResponseFailure(
      Request clientToProxy,
      org.eclipse.jetty.client.Request proxyToServer,
      org.eclipse.jetty.client.Response serverToProxy,
      Response proxyToClient,
      Callback callback,
      Throwable failure) {
    Exchange exchange = exchange(clientToProxy);
    boolean timeout = isTimeout(failure);
    boolean connectFailure = !exchange.begun() && !timeout;
    if (connectFailure) {
      exchange.service.connectFailed();
      if (exchange.retryable
          && exchange.attempts() < config.maxConnectAttempts()
          && !proxyToClient.isCommitted()) {
        List<Backend> current = routes.backends(exchange.key()).orElse(List.of());
        dispatch(clientToProxy, proxyToClient, exchange, current);
        return;
      }
    }
    if (proxyToClient.isCommitted()) {
      // Part of the response is already on its way: all that is left is to abort the connection.
      super.onServerToProxyResponseFailure(
          clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback, failure);
      return;
    }
    proxyToClient.reset();
    if (isClientError(failure)) {
      // The client's own request could not be read (a bad chunk size, a truncated body): its
      // error, not the replica's, whatever the upstream exchange saw of it.
      pages.badRequest(
          clientToProxy,
          proxyToClient,
          callback,
          "the request body could not be read: " + clientErrorReason(failure),
          exchange.requestId);
      return;
    }
    ErrorCode code =
        timeout
            ? ErrorCode.UPSTREAM_TIMEOUT
            : connectFailure ? ErrorCode.UPSTREAM_CONNECT_FAILED : ErrorCode.UPSTREAM_RESET;
    pages.upstreamFailure(
        clientToProxy,
        proxyToClient,
        callback,
        code,
        exchange.key(),
        config.requestTimeout(),
        exchange.requestId);
  }

  /**
   * Whether the exchange failed because the router's server side could not parse the client's
   * request (Jetty fails the request content with an {@link HttpException} such as {@code
   * BadMessageException}); the upstream client never throws one for a replica's bytes.
   */
  static boolean isClientError(Throwable failure) {
    return clientError(failure) != null;
  }

  private static String clientErrorReason(Throwable failure) {
    HttpException e = clientError(failure);
    String reason = e == null ? null : e.getReason();
    return reason == null || reason.isBlank() ? "malformed" : reason;
  }

  private static HttpException clientError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
        return http;
      }
    }
    return null;
  }

  private static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Ends the exchange with a backend as soon as the backend's response is complete. */
  private final class ReleasingListener extends ProxyResponseListener {
    private final Exchange exchange;

    ReleasingListener(
        Request clientToProxy,
        org.eclipse.jetty.client.Request proxyToServer,
        Response proxyToClient,
        Callback callback) {
      super(clientToProxy, proxyToServer, proxyToClient, callback);
      this.exchange = exchange(clientToProxy);
    }

    @Override
    public void onComplete(Result result) {
      exchange.releaseBackend();
      super.onComplete(result);
    }
  }
}
