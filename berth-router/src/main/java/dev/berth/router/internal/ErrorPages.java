package dev.berth.router.internal;

import dev.berth.engine.store.ServiceKey;
import dev.berth.router.HostNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The small pages the router answers with when it cannot hand a request to a replica: HTML for
 * people, JSON when the client's {@code Accept} prefers {@code application/json}; always with an
 * {@code X-Berth-Error} header carrying the {@link ErrorCode} and an {@code X-Request-Id}.
 *
 * <p>Each page names the service and says what to run next ({@code berth status}, {@code berth logs
 * <service>}), because a bare 502 is the most common complaint about platform routers. Everything
 * user-supplied is escaped. Only used on error paths, so it favours clarity over speed.
 */
final class ErrorPages {

  static final String ERROR_HEADER = "X-Berth-Error";

  private final IntSupplier port;

  /**
   * @param port the port the router listens on, read when a page is rendered
   */
  ErrorPages(IntSupplier port) {
    this.port = port;
  }

  void unknownHost(Request request, Response response, Callback callback, String requestId) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    String shown = host == null ? "(no Host header)" : host;
    String example = "web.production.lms.localhost";
    int routerPort = port.getAsInt();
    write(
        request,
        response,
        callback,
        ErrorCode.UNKNOWN_HOST,
        "404 — no Berth service at " + shown,
        "Address a web service as http://"
            + HostNames.EXPECTED_FORM
            + ":"
            + routerPort
            + "/ (for example http://"
            + example
            + ":"
            + routerPort
            + "/). curl and browsers resolve *.localhost to this machine by themselves; Java,"
            + " Python and most load generators do not, so connect them to 127.0.0.1:"
            + routerPort
            + " and send the header 'Host: "
            + example
            + "'.",
        requestId);
  }

  void noSuchService(
      Request request, Response response, Callback callback, ServiceKey key, String requestId) {
    write(
        request,
        response,
        callback,
        ErrorCode.NO_SUCH_SERVICE,
        "404 — no web service named " + key.service() + " in " + where(key),
        "Run '"
            + berth("status", key)
            + "' to list the services of "
            + where(key)
            + "; only services of type web are routed.",
        requestId);
  }

  void noReadyReplica(
      Request request, Response response, Callback callback, ServiceKey key, String requestId) {
    write(
        request,
        response,
        callback,
        ErrorCode.NO_READY_REPLICA,
        "503 — no ready replica of " + key.service() + " in " + where(key),
        "Run '"
            + berth("status", key)
            + "' to see its replicas and '"
            + berth("logs " + key.service(), key)
            + "' to see why they are not ready.",
        requestId);
  }

  void scalingFromZero(
      Request request,
      Response response,
      Callback callback,
      ServiceKey key,
      String why,
      String requestId) {
    write(
        request,
        response,
        callback,
        ErrorCode.SCALING_FROM_ZERO,
        "503 — " + key.service() + " in " + where(key) + " is starting from zero: " + why,
        "Retry in a few seconds (Retry-After says when); run '"
            + berth("status", key)
            + "' to see its replicas start, and '"
            + berth("logs " + key.service(), key)
            + "' if they do not.",
        requestId);
  }

  void upstreamFailure(
      Request request,
      Response response,
      Callback callback,
      ErrorCode code,
      ServiceKey key,
      Duration timeout,
      String requestId) {
    String service = key.service() + " in " + where(key);
    String title =
        switch (code) {
          case UPSTREAM_CONNECT_FAILED ->
              "502 — could not connect to a ready replica of " + service;
          case UPSTREAM_TIMEOUT ->
              "504 — " + service + " sent nothing for " + timeout.toSeconds() + " s";
          case UPGRADE_FAILED -> "502 — " + service + " did not accept the WebSocket upgrade";
          default -> "502 — " + service + " closed the connection without a complete response";
        };
    write(
        request,
        response,
        callback,
        code,
        title,
        "Run '" + berth("logs " + key.service(), key) + "' to see what the replica was doing.",
        requestId);
  }

  /** A berth command for this service's environment, runnable from any directory. */
  static String berth(String verb, ServiceKey key) {
    return "berth " + verb + " --project " + key.project() + " --env " + key.environment();
  }

  void badRequest(
      Request request, Response response, Callback callback, String why, String requestId) {
    write(request, response, callback, ErrorCode.BAD_REQUEST, "400 — " + why, "", requestId);
  }

  private static String where(ServiceKey key) {
    return key.project() + "/" + key.environment();
  }

  /** Writes a complete error response; the caller must have checked it is not committed. */
  static void write(
      Request request,
      Response response,
      Callback callback,
      ErrorCode code,
      String title,
      String hint,
      String requestId) {
    boolean json = prefersJson(request.getHeaders().get(HttpHeader.ACCEPT));
    String body = json ? json(code, title, hint, requestId) : html(title, hint, requestId);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(code.status());
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(
        HttpHeader.CONTENT_TYPE,
        json ? "application/json; charset=utf-8" : "text/html; charset=utf-8");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put(ERROR_HEADER, code.wire());
    headers.put(RequestIds.HEADER, requestId);
    headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** True when {@code application/json} ranks above {@code text/html} in the Accept header. */
  static boolean prefersJson(String accept) {
    if (accept == null || !accept.contains("json")) {
      return false;
    }
    QuotedQualityCSV values = new QuotedQualityCSV();
    values.addValue(accept);
    for (String value : values.getValues()) {
      if (value.equalsIgnoreCase("application/json") || value.endsWith("+json")) {
        return true;
      }
      if (value.equalsIgnoreCase("text/html") || value.equals("*/*")) {
        return false;
      }
    }
    return false;
  }

  private static String html(String title, String hint, String requestId) {
    String t = escapeHtml(title);
    return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>"
        + t
        + "</title></head>\n<body style=\"font-family:sans-serif;max-width:46em;margin:3em auto\">"
        + "\n<h1 style=\"font-size:1.4em\">"
        + t
        + "</h1>\n<p>"
        + escapeHtml(hint)
        + "</p>\n<p style=\"color:#666\"><small>Berth router · request id "
        + escapeHtml(requestId)
        + "</small></p>\n</body></html>\n";
  }

  private static String json(ErrorCode code, String title, String hint, String requestId) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"error\":{\"code\":\"").append(code.wire()).append("\",\"message\":\"");
    escapeJson(title, out);
    out.append("\",\"details\":[");
    if (!hint.isEmpty()) {
      out.append('"');
      escapeJson(hint, out);
      out.append('"');
    }
    out.append("],\"requestId\":\"");
    escapeJson(requestId, out);
    return out.append("\"}}\n").toString();
  }

  static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static void escapeJson(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
