package dev.berth.router.internal;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;

/**
 * The headers the router adds to every request it forwards: {@code Via: 1.1 berth-router}, an RFC
 * 7239 {@code Forwarded} element, {@code X-Forwarded-For} (appended to the client's chain), {@code
 * X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Request-Id}.
 *
 * <p>It replaces Jetty's own {@code Via}/{@code Forwarded} code, which builds the same values with
 * streams and {@code String.format} on every request, and sets everything in one pass. Forwarded
 * values that are RFC 9110 tokens are sent as is, anything else (an IPv6 address, a host with a
 * port) as a quoted string.
 */
final class ForwardingHeaders {

  static final String X_FORWARDED_FOR = "X-Forwarded-For";
  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  static final String X_FORWARDED_HOST = "X-Forwarded-Host";
  private static final HttpField VIA = new PreEncodedHttpField(HttpHeader.VIA, "1.1 berth-router");

  private ForwardingHeaders() {}

  static void add(
      Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer, String requestId) {
    HttpFields in = clientToProxy.getHeaders();
    String remote = Request.getRemoteAddr(clientToProxy);
    String host = in.get(HttpHeader.HOST);
    String proto = clientToProxy.isSecure() ? "https" : "http";
    String via = in.get(HttpHeader.VIA);
    String forwarded = in.get(HttpHeader.FORWARDED);
    String forwardedFor = in.get(X_FORWARDED_FOR);
    String element = "for=" + quote(remote) + ";host=" + quote(host) + ";proto=" + proto;
    proxyToServer.headers(
        out -> {
          if (via == null) {
            out.put(VIA);
          } else {
            out.put(HttpHeader.VIA, via + ", " + VIA.getValue());
          }
          out.put(HttpHeader.FORWARDED, forwarded == null ? element : forwarded + ", " + element);
          out.put(X_FORWARDED_FOR, forwardedFor == null ? remote : forwardedFor + ", " + remote);
          out.put(X_FORWARDED_PROTO, proto);
          if (host != null) {
            out.put(X_FORWARDED_HOST, host);
          }
          out.put(RequestIds.HEADER, requestId);
        });
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
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
