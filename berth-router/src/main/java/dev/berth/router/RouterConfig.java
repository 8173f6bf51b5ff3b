package dev.berth.router;

import java.time.Duration;
import java.util.Objects;

/**
 * How the router listens, how patient it is with replicas, and how much it lets clients hold.
 *
 * <p>Invariants: {@code port} is 0-65535 (0 picks a free ephemeral port, for tests), every duration
 * is positive, {@code maxConnectAttempts} and {@code maxConnections} are at least 1 (1 attempt
 * means "never retry").
 *
 * @param bindHost address to listen on; the default {@code 127.0.0.1} keeps the router private to
 *     this machine
 * @param port TCP port to listen on, 0 for an ephemeral one
 * @param requestTimeout the longest the router waits for the next byte of a replica's response
 *     (including the first one) before answering 504; an idle timeout, so long streamed responses
 *     that keep sending are not cut
 * @param connectTimeout the longest a TCP connect to a replica may take before it counts as a
 *     connect failure (and is retried on another replica)
 * @param maxConnectAttempts how many replicas one request may try when connecting fails; a request
 *     is never retried once it may have reached a replica
 * @param headerTimeout the longest a client may take to send a request's line and headers, counted
 *     from the request's first byte (or, for a connection's first request, from the connection's
 *     accept); a client that takes longer is disconnected, so slow clients ("slowloris") cannot
 *     hold connections open by trickling headers. Like nginx's {@code client_header_timeout}
 * @param maxConnections the most client connections the router holds at once; a connection beyond
 *     it is closed as soon as it is accepted (and counted in {@code
 *     berth.router.connections.rejected}), so no client can exhaust the control plane's file
 *     descriptors. Like nginx's {@code worker_connections}
 */
public record RouterConfig(
    String bindHost,
    int port,
    Duration requestTimeout,
    Duration connectTimeout,
    int maxConnectAttempts,
    Duration headerTimeout,
    int maxConnections) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_MAX_CONNECT_ATTEMPTS = 3;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(15);
  public static final int DEFAULT_MAX_CONNECTIONS = 8_192;

  public RouterConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("router port must be 0-65535, got " + port);
    }
    requirePositive("requestTimeout", requestTimeout);
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("headerTimeout", headerTimeout);
    if (maxConnectAttempts < 1) {
      throw new IllegalArgumentException(
          "maxConnectAttempts must be at least 1, got " + maxConnectAttempts);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "maxConnections must be at least 1, got " + maxConnections);
    }
  }

  /** The given timeouts and attempts with the default header timeout and connection cap. */
  public RouterConfig(
      String bindHost,
      int port,
      Duration requestTimeout,
      Duration connectTimeout,
      int maxConnectAttempts) {
    this(
        bindHost,
        port,
        requestTimeout,
        connectTimeout,
        maxConnectAttempts,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * 127.0.0.1:8080, 30 s request timeout, 2 s connect timeout, up to 3 connect attempts, 15 s to
   * send headers, at most 8,192 client connections.
   */
  public static RouterConfig defaults() {
    return new RouterConfig(
        DEFAULT_BIND_HOST,
        DEFAULT_PORT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_MAX_CONNECT_ATTEMPTS);
  }

  /** The same configuration listening on another port (0 for an ephemeral one). */
  public RouterConfig withPort(int newPort) {
    return new RouterConfig(
        bindHost,
        newPort,
        requestTimeout,
        connectTimeout,
        maxConnectAttempts,
        headerTimeout,
        maxConnections);
  }

  /** The same configuration with another deadline for request headers. */
  public RouterConfig withHeaderTimeout(Duration timeout) {
    return new RouterConfig(
        bindHost,
        port,
        requestTimeout,
        connectTimeout,
        maxConnectAttempts,
        timeout,
        maxConnections);
  }

  /** The same configuration with another cap on concurrent client connections. */
  public RouterConfig withMaxConnections(int max) {
    return new RouterConfig(
        bindHost, port, requestTimeout, connectTimeout, maxConnectAttempts, headerTimeout, max);
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
