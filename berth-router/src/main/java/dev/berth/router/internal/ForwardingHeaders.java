package dev.berth.router.internal;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The headers the router adds to every request it forwards: {@code Via: 1.1 berth-router}, an RFC
 * 7239 {@code Forwarded} element, {@code X-Forwarded-For} (appended to the client's chain), {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Request-Id}.
 *
 * <p>They are written straight into the upstream request head ({@link UpstreamHead}), in one pass
 * and without building intermediate header objects. Forwarded values that are RFC 9110 tokens are
 * sent as is, anything else (an IPv6 address, a host with a port) as a quoted string.
 */
final class ForwardingHeaders {

  static final String X_FORWARDED_FOR = "X-Forwarded-For";
  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  static final String X_FORWARDED_HOST = "X-Forwarded-Host";
  private static final String VIA = "1.1 berth-router";

  private ForwardingHeaders() {}

  /**
   * Appends the forwarding headers for {@code clientToProxy} to an upstream request head: the
   * client's {@code Via}, {@code Forwarded} and {@code X-Forwarded-For} chains extended by this
   * hop, the others set.
   */
  static void write(Request clientToProxy, String requestId, UpstreamHead head) {
    HttpFields in = clientToProxy.getHeaders();
    String remote = Request.getRemoteAddr(clientToProxy);
    String host = in.get(HttpHeader.HOST);
    String proto = clientToProxy.isSecure() ? "https" : "http";
    String via = in.get(HttpHeader.VIA);
    String forwarded = in.get(HttpHeader.FORWARDED);
    String forwardedFor = in.get(HttpHeader.X_FORWARDED_FOR);
    head.ascii("Via: ");
    if (via != null) {
      head.ascii(via).ascii(", ");
    }
    head.ascii(VIA).crlf().ascii("Forwarded: ");
    if (forwarded != null) {
      head.ascii(forwarded).ascii(", ");
    }
    head.ascii("for=").ascii(quote(remote)).ascii(";host=").ascii(quote(host));
    head.ascii(";proto=").ascii(proto).crlf().ascii("X-Forwarded-For: ");
    if (forwardedFor != null) {
      head.ascii(forwardedFor).ascii(", ");
    }
    head.ascii(remote).crlf().field(X_FORWARDED_PROTO, proto);
    if (host != null) {
      head.field(X_FORWARDED_HOST, host);
    }
    head.field(RequestIds.HEADER, requestId);
  }

  /** A Forwarded parameter value: the value itself when it is a token, else a quoted string. */
  static String quote(String value) {
    if (value == null) {
      return "unknown";
    }
    boolean token = !value.isEmpty();
    for (int i = 0; token && i < value.length(); i++) {
      token = isTokenChar(value.charAt(i));
    }
    if (token) {
      return value;
    }
    StringBuilder quoted = new StringBuilder(value.length() + 4).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }

  private static boolean isTokenChar(char c) {
    return c < 128 && TOKEN[c];
  }

  /** RFC 9110 tchar, by ASCII code: a table, since it is read for every request. */
  private static final boolean[] TOKEN = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TOKEN[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
