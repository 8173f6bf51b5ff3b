package dev.berth.router.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The head of the request the router sends to a replica, written as HTTP/1.1 bytes in one pass: the
 * request line with the client's method and its raw path and query (byte for byte, as nginx does),
 * the client's headers minus hop-by-hop ones, the {@link ForwardingHeaders}, and the body framing
 * the router chose.
 *
 * <p>Not forwarded: {@code Connection} and every header it names, {@code Keep-Alive}, {@code
 * Proxy-Connection}, {@code Proxy-Authorization}, {@code Proxy-Authenticate}, {@code TE}, {@code
 * Trailer}, {@code Upgrade}, {@code Transfer-Encoding} and {@code Content-Length} (the router
 * frames the body itself), {@code Expect} (the router's server answers {@code 100 Continue} itself
 * when it starts reading the body), and the forwarding headers it replaces. {@code Host} is the
 * client's.
 *
 * <p>Invariant: values come from Jetty's request parser, which rejects CR and LF, and from the
 * router itself; a CR or LF would still be written as a space, so no value can split the head.
 */
final class UpstreamHead {

  /** No body: no framing header at all. */
  static final long NO_BODY = -2;

  /** A body of unknown length, sent with {@code Transfer-Encoding: chunked}. */
  static final long CHUNKED = -1;

  private static final EnumSet<HttpHeader> NOT_FORWARDED =
      EnumSet.of(
          HttpHeader.CONNECTION,
          HttpHeader.KEEP_ALIVE,
          HttpHeader.PROXY_CONNECTION,
          HttpHeader.PROXY_AUTHORIZATION,
          HttpHeader.PROXY_AUTHENTICATE,
          HttpHeader.TE,
          HttpHeader.TRAILER,
          HttpHeader.UPGRADE,
          HttpHeader.TRANSFER_ENCODING,
          HttpHeader.CONTENT_LENGTH,
          HttpHeader.EXPECT,
          HttpHeader.VIA,
          HttpHeader.FORWARDED,
          HttpHeader.X_FORWARDED_FOR,
          HttpHeader.X_FORWARDED_PROTO,
          HttpHeader.X_FORWARDED_HOST);

  private byte[] bytes = new byte[1024];
  private int length;

  /**
   * Writes the head of a request, reusing this builder's array (an upstream connection owns one
   * builder and carries one request at a time; its previous head was written before it took the
   * next request).
   *
   * @param contentLength the body's length, or {@link #CHUNKED} or {@link #NO_BODY}
   * @return the head in a buffer ready to be written, valid until the next call
   */
  ByteBuffer write(Request request, String requestId, long contentLength) {
    length = 0;
    ascii(request.getMethod()).ascii(" ");
    ascii(request.getHttpURI().getPathQuery()).ascii(" HTTP/1.1").crlf();
    HttpFields in = request.getHeaders();
    String connection = in.get(HttpHeader.CONNECTION);
    if (connection != null
        && (connection.equalsIgnoreCase("keep-alive") || connection.equalsIgnoreCase("close"))) {
      connection = null; // names no other header: nothing more to drop
    }
    for (HttpField field : in) {
      HttpHeader known = field.getHeader();
      if (known != null ? NOT_FORWARDED.contains(known) : isReplaced(field)) {
        continue;
      }
      if (connection != null && namedBy(connection, field.getName())) {
        continue;
      }
      field(field.getName(), field.getValue());
    }
    ForwardingHeaders.write(request, requestId, this);
    if (contentLength >= 0) {
      field("Content-Length", Long.toString(contentLength));
    } else if (contentLength == CHUNKED) {
      field("Transfer-Encoding", "chunked");
    }
    crlf();
    return ByteBuffer.wrap(bytes, 0, length);
  }

  /** The forwarding headers Jetty does not know by name, which {@link ForwardingHeaders} sets. */
  private static boolean isReplaced(HttpField field) {
    return field.is(ForwardingHeaders.X_FORWARDED_FOR)
        || field.is(ForwardingHeaders.X_FORWARDED_PROTO)
        || field.is(ForwardingHeaders.X_FORWARDED_HOST)
        || field.is(RequestIds.HEADER);
  }

  /** Whether the {@code Connection} header's comma-separated tokens name this header. */
  static boolean namedBy(String connection, String name) {
    String lower = connection.toLowerCase(Locale.ROOT);
    String target = name.toLowerCase(Locale.ROOT);
    int from = 0;
    while (from <= lower.length()) {
      int comma = lower.indexOf(',', from);
      int end = comma < 0 ? lower.length() : comma;
      if (lower.substring(from, end).trim().equals(target)) {
        return true;
      }
      if (comma < 0) {
        return false;
      }
      from = comma + 1;
    }
    return false;
  }

  UpstreamHead field(String name, String value) {
    return ascii(name).ascii(": ").value(value).crlf();
  }

  /** Ends a line. */
  UpstreamHead crlf() {
    ensure(2);
    bytes[length++] = '\r';
    bytes[length++] = '\n';
    return this;
  }

  /**
   * Appends text of one-byte characters (names, the request line, values); a CR or LF becomes a
   * space, so no text can end a line: only {@link #crlf()} does.
   */
  UpstreamHead ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      bytes[length++] = (byte) (c == '\r' || c == '\n' ? ' ' : c);
    }
    return this;
  }

  /** Appends a header value: ISO-8859-1 as parsed, UTF-8 for anything beyond it. */
  private UpstreamHead value(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) > 0xFF) {
        byte[] utf8 = s.replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
      }
    }
    return ascii(s);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
