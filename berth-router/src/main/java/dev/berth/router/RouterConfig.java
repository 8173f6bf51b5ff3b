package dev.berth.router;

import java.time.Duration;
import java.util.Objects;

/**
 * How the router listens and how patient it is with replicas.
 *
 * <p>Invariants: {@code port} is 0-65535 (0 picks a free ephemeral port, for tests), both durations
 * are positive and {@code maxConnectAttempts} is at least 1 (1 means "never retry").
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
 */
public record RouterConfig(
    String bindHost,
    int port,
    Duration requestTimeout,
    Duration connectTimeout,
    int maxConnectAttempts) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_MAX_CONNECT_ATTEMPTS = 3;

  public RouterConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("router port must be 0-65535, got " + port);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    if (maxConnectAttempts < 1) {
      throw new IllegalArgumentException(
          "maxConnectAttempts must be at least 1, got " + maxConnectAttempts);
    }
  }

  /** 127.0.0.1:8080, 30 s request timeout, 2 s connect timeout, up to 3 connect attempts. */
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
    return new RouterConfig(bindHost, newPort, requestTimeout, connectTimeout, maxConnectAttempts);
  }
}
