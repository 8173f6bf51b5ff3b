package dev.berth.router.internal;

import dev.berth.router.Backend;
import dev.berth.router.RouteTable;
import dev.berth.router.RouterConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Passes WebSocket (and other HTTP/1.1 {@code Upgrade}) requests through to a ready backend, which
 * Jetty's HTTP-client-based proxy cannot do.
 *
 * <pre>
 *  client ──GET Upgrade──▶ router ──TCP connect (ClientConnector)──▶ backend
 *                                  ──handshake request──────────────▶
 *         ◀──── 101 ─────────────  ◀──── 101 head (UpstreamHandshake) ─
 *  Jetty swaps the client's HttpConnection for a Pipe (HttpStream.UPGRADE_CONNECTION_ATTRIBUTE)
 *         ◀═════ bytes both ways (Pipe ⇄ Pipe) until either side closes ═════▶
 * </pre>
 *
 * <p>The backend connection is made through the proxy's own {@link ClientConnector} (same selector
 * and connect timeout); a connect failure is retried on another ready backend like a plain request.
 * A backend that answers the handshake with anything but 101 has its (small) response relayed. Once
 * upgraded, both endpoints get a {@link #TUNNEL_IDLE_TIMEOUT}, and the backend stays counted as
 * having one outstanding request until the tunnel closes, so long-lived sockets spread across
 * replicas too.
 */
final class WebSocketTunnel {

  /** How long an upgraded connection may carry no byte in either direction before it is closed. */
  static final Duration TUNNEL_IDLE_TIMEOUT = Duration.ofMinutes(10);

  private static final EnumSet<HttpHeader> NOT_FORWARDED =
      EnumSet.of(
          HttpHeader.HOST,
          HttpHeader.CONNECTION,
          HttpHeader.UPGRADE,
          HttpHeader.KEEP_ALIVE,
          HttpHeader.PROXY_CONNECTION,
          HttpHeader.PROXY_AUTHORIZATION,
          HttpHeader.TE,
          HttpHeader.TRAILER,
          HttpHeader.TRANSFER_ENCODING,
          HttpHeader.CONTENT_LENGTH);
  private static final EnumSet<HttpHeader> NOT_RELAYED =
      EnumSet.of(
          HttpHeader.CONNECTION,
          HttpHeader.KEEP_ALIVE,
          HttpHeader.TRANSFER_ENCODING,
          HttpHeader.UPGRADE,
          HttpHeader.CONTENT_LENGTH);

  private final ClientConnector connector;
  private final SocketAddressResolver resolver;
  private final Executor executor;
  private final ByteBufferPool pool;
  private final RouterConfig config;
  private final RouteTable routes;
  private final ErrorPages pages;

  WebSocketTunnel(
      ClientConnector connector,
      SocketAddressResolver resolver,
      Executor executor,
      ByteBufferPool pool,
      RouterConfig config,
      RouteTable routes,
      ErrorPages pages) {
    this.connector = connector;
    this.resolver = resolver;
    this.executor = executor;
    this.pool = pool;
    this.config = config;
    this.routes = routes;
    this.pages = pages;
  }

  /**
   * True for an HTTP/1.1 GET that asks to upgrade to WebSocket on a connection Jetty can hand over.
   */
  static boolean isUpgrade(Request request) {
    String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
    return upgrade != null
        && upgrade.toLowerCase(Locale.ROOT).contains("websocket")
        && HttpMethod.GET.is(request.getMethod())
        && request.getTunnelSupport() != null;
  }

  void open(Request request, Response response, Exchange exchange, List<Backend> backends) {
    new Attempt(request, response, exchange, handshakeRequest(request, exchange)).next(backends);
  }

  /** The handshake request as the backend sees it: the client's, plus forwarding headers. */
  private static ByteBuffer handshakeRequest(Request request, Exchange exchange) {
    HttpFields in = request.getHeaders();
    StringBuilder head = new StringBuilder(512);
    head.append("GET ").append(request.getHttpURI().getPathQuery()).append(" HTTP/1.1\r\n");
    String host = in.get(HttpHeader.HOST);
    head.append("Host: ").append(host).append("\r\n");
    for (HttpField field : in) {
      if (NOT_FORWARDED.contains(field.getHeader())
          || field.is(ForwardingHeaders.X_FORWARDED_FOR)
          || field.is(ForwardingHeaders.X_FORWARDED_PROTO)
          || field.is(ForwardingHeaders.X_FORWARDED_HOST)
          || field.is(RequestIds.HEADER)) {
        continue;
      }
      head.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
    }
    String remote = Request.getRemoteAddr(request);
    String forwardedFor = in.get(ForwardingHeaders.X_FORWARDED_FOR);
    head.append("Connection: Upgrade\r\n")
        .append("Upgrade: ")
        .append(in.get(HttpHeader.UPGRADE))
        .append("\r\nX-Forwarded-For: ")
        .append(forwardedFor == null ? remote : forwardedFor + ", " + remote)
        .append("\r\nX-Forwarded-Proto: ")
        .append(request.isSecure() ? "https" : "http")
        .append("\r\nX-Forwarded-Host: ")
        .append(host)
        .append("\r\n")
        .append(RequestIds.HEADER)
        .append(": ")
        .append(exchange.requestId)
        .append("\r\n\r\n");
    return ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** One client's upgrade: tries backends until one connects, then reports the handshake. */
  private final class Attempt implements UpstreamHandshake.Outcome {
    private final Request request;
    private final Response response;
    private final Exchange exchange;
    private final ByteBuffer handshake;

    Attempt(Request request, Response response, Exchange exchange, ByteBuffer handshake) {
      this.request = request;
      this.response = response;
      this.exchange = exchange;
      this.handshake = handshake;
    }

    void next(List<Backend> backends) {
      Backend backend = exchange.service.acquire(backends, exchange);
      if (backend == null) {
        if (exchange.attempts() == 0) {
          pages.noReadyReplica(request, response, exchange, exchange.key(), exchange.requestId);
        } else {
          failed(ErrorCode.UPSTREAM_CONNECT_FAILED);
        }
        return;
      }
      Map<String, Object> context = new HashMap<>();
      context.put(Transport.CONTEXT_KEY, Transport.TCP_IP);
      context.put(
          ClientConnectionFactory.CONTEXT_KEY,
          (ClientConnectionFactory)
              (endPoint, ctx) -> {
                endPoint.setIdleTimeout(config.requestTimeout().toMillis());
                return new UpstreamHandshake(endPoint, executor, handshake.slice(), this);
              });
      context.put(
          ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY,
          Promise.from(connection -> {}, this::connectFailed));
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
                  connectFailed(x);
                }
              },
              this::connectFailed));
    }

    private void connectFailed(Throwable failure) {
      exchange.service.connectFailed();
      exchange.releaseBackend();
      if (exchange.attempts() < config.maxConnectAttempts()) {
        next(routes.backends(exchange.key()).orElse(List.of()));
      } else {
        failed(ErrorCode.UPSTREAM_CONNECT_FAILED);
      }
    }

    @Override
    public void upgraded(UpstreamHandshake handshake, HttpFields headers, ByteBuffer leftover) {
      EndPoint backendEnd = handshake.getEndPoint();
      EndPoint clientEnd = request.getTunnelSupport().getEndPoint();
      AtomicInteger outstanding = exchange.detachBackend();
      Pipe fromClient = new Pipe(clientEnd, executor, pool, true);
      Pipe fromBackend = new Pipe(backendEnd, executor, pool, false);
      Pipe.link(
          fromClient,
          fromBackend,
          () -> {
            if (outstanding != null) {
              outstanding.decrementAndGet();
            }
          });
      fromBackend.pending(leftover);
      long idle = TUNNEL_IDLE_TIMEOUT.toMillis();
      backendEnd.setIdleTimeout(idle);
      backendEnd.upgrade(fromBackend);

      response.setStatus(101);
      HttpFields.Mutable out = response.getHeaders();
      for (HttpField field : headers) {
        if (!field.is(RequestIds.HEADER) && field.getHeader() != HttpHeader.CONTENT_LENGTH) {
          out.add(field);
        }
      }
      request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, fromClient);
      clientEnd.setIdleTimeout(idle);
      response.write(
          true,
          BufferUtil.EMPTY_BUFFER,
          Callback.from(
              exchange::succeeded,
              x -> {
                backendEnd.close(x);
                exchange.failed(x);
              }));
    }

    @Override
    public void refused(int status, HttpFields headers, byte[] body) {
      exchange.releaseBackend();
      response.setStatus(status);
      HttpFields.Mutable out = response.getHeaders();
      for (HttpField field : headers) {
        if (!NOT_RELAYED.contains(field.getHeader()) && !field.is(RequestIds.HEADER)) {
          out.add(field);
        }
      }
      out.put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), exchange);
    }

    @Override
    public void failed(ErrorCode code) {
      exchange.releaseBackend();
      if (response.isCommitted()) {
        exchange.failed(new IOException("WebSocket handshake failed: " + code.wire()));
        return;
      }
      pages.upstreamFailure(
          request,
          response,
          exchange,
          code,
          exchange.key(),
          config.requestTimeout(),
          exchange.requestId);
    }
  }
}
