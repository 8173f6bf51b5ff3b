package dev.berth.router.internal;

import dev.berth.router.Backend;
import dev.berth.router.RouteTable;
import dev.berth.router.RouterConfig;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Sends a routed request to a backend and decides what happens when an attempt fails: another
 * backend, an error page, or an aborted response.
 *
 * <p>Retry invariant: a request is retried on another ready backend only when the previous attempt
 * failed to connect (refused, connect timeout), before anything of it was written, only when its
 * body is buffered (none, or at most {@link RoutingProxy#MAX_BUFFERED_BODY} bytes with a known
 * length), and at most {@link RouterConfig#maxConnectAttempts()} times in all. Once a request may
 * have reached a backend it is never sent again, so non-idempotent requests are safe.
 */
final class Forwarder {

  private final RouterConfig config;
  private final RouteTable routes;
  private final ErrorPages pages;
  private final Upstreams upstreams;
  private final HeldRequests held;

  /**
   * @param held where requests that find no ready replica wait while their service scales from
   *     zero, or null to answer them 503 at once
   */
  Forwarder(
      RouterConfig config,
      RouteTable routes,
      ErrorPages pages,
      Upstreams upstreams,
      HeldRequests held) {
    this.config = config;
    this.routes = routes;
    this.pages = pages;
    this.upstreams = upstreams;
    this.held = held;
  }

  /** Sends the request to the least loaded untried backend, or answers with an error page. */
  void dispatch(Request request, Response response, Exchange exchange, List<Backend> backends) {
    Backend backend = exchange.service.acquire(backends, exchange);
    if (backend != null) {
      upstreams.send(new Forward(this, exchange, request, response), this);
    } else if (exchange.attempts() == 0) {
      if (backends.isEmpty() && held != null && held.hold(request, response, exchange, this)) {
        return; // the service scales from zero: forwarded once a replica is ready
      }
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

  /** The attempt could not connect: nothing was sent, so another backend may get it. */
  void connectFailed(Forward forward, Throwable failure) {
    Exchange exchange = forward.exchange;
    exchange.service.connectFailed();
    exchange.releaseBackend();
    if (exchange.retryable
        && exchange.attempts() < config.maxConnectAttempts()
        && !forward.response.isCommitted()) {
      List<Backend> current = routes.backends(exchange.key()).orElse(List.of());
      dispatch(forward.request, forward.response, exchange, current);
      return;
    }
    failed(forward, failure);
  }

  /** The attempt failed after it may have reached the backend, or could not connect for good. */
  void failed(Forward forward, Throwable failure) {
    Exchange exchange = forward.exchange;
    Response response = forward.response;
    exchange.releaseBackend();
    if (response.isCommitted()) {
      // Part of the response is already on its way: all that is left is to abort the connection.
      exchange.failed(failure);
      return;
    }
    response.reset();
    HttpException clientError = clientError(failure);
    if (clientError != null) {
      // The client's own request could not be read (a bad chunk size, a truncated body): its
      // error, not the replica's, whatever the upstream exchange saw of it.
      String reason = clientError.getReason();
      pages.badRequest(
          forward.request,
          response,
          exchange,
          "the request body could not be read: "
              + (reason == null || reason.isBlank() ? "malformed" : reason),
          exchange.requestId);
      return;
    }
    ErrorCode code =
        isTimeout(failure)
            ? ErrorCode.UPSTREAM_TIMEOUT
            : exchange.begun() ? ErrorCode.UPSTREAM_RESET : ErrorCode.UPSTREAM_CONNECT_FAILED;
    pages.upstreamFailure(
        forward.request,
        response,
        exchange,
        code,
        exchange.key(),
        config.requestTimeout(),
        exchange.requestId);
  }

  /**
   * The client's own request could not be read when Jetty's server failed its content with a 4xx
   * {@link HttpException} such as {@code BadMessageException}; the upstream side never reports one.
   */
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
}
