package dev.berth.router.internal;

import org.eclipse.jetty.http.HttpParser;

/**
 * Whether a client connection has overrun the deadline for sending a request's line and headers:
 * the decision behind the router's slowloris defence, a pure function of what the connection's
 * parser shows and the time.
 *
 * <p>The deadline runs from a request's first byte until its headers are complete; for a
 * connection's first request it runs from the connection's accept, so a client that connects and
 * sends nothing is treated like one that sends headers slowly. A keep-alive connection waiting for
 * its next request is not judged here (the connector's idle timeout governs it), nor is a request
 * whose headers are complete (its body is the request's business, its response the replica's).
 */
final class HeaderDeadline {

  private HeaderDeadline() {}

  /**
   * @param state the connection's parser state
   * @param requestsBefore how many requests the connection has already received
   * @param requestBeganNanos {@link System#nanoTime()} when the current request's first byte
   *     arrived (the parser's begin time)
   * @param acceptedMillis wall-clock time of the connection's accept
   * @param nowNanos {@link System#nanoTime()} now
   * @param nowMillis wall-clock time now
   * @param deadlineMillis how long headers may take
   */
  static boolean overdue(
      HttpParser.State state,
      long requestsBefore,
      long requestBeganNanos,
      long acceptedMillis,
      long nowNanos,
      long nowMillis,
      long deadlineMillis) {
    if (state == HttpParser.State.START) {
      return requestsBefore == 0 && nowMillis - acceptedMillis > deadlineMillis;
    }
    if (!readingHeaders(state)) {
      return false;
    }
    return nowNanos - requestBeganNanos > deadlineMillis * 1_000_000L;
  }

  /** Request line or headers in progress: past the first byte, before the body. */
  static boolean readingHeaders(HttpParser.State state) {
    return switch (state) {
      case METHOD, SPACE1, URI, SPACE2, REQUEST_VERSION, PROXY, HEADER -> true;
      default -> false;
    };
  }
}
