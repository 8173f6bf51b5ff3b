package dev.berth.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The CLI's only way to the control plane: JSON over HTTP with the bearer token. Maps failures to
 * exit codes — unreachable or unauthorized: 3; the server rejected the input (400): 2; anything
 * else: 1 — with the server's own message, which says what to do next.
 *
 * <p>Built on {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: a CLI call is
 * one plain-HTTP request to loopback, and the older client starts several hundred classes (TLS,
 * selectors) fewer, which is most of a short command's start time.
 */
public final class ApiClient {
  static final int CONNECT_TIMEOUT_MS = 3_000;
  static final int READ_TIMEOUT_MS = 600_000;

  private final String baseUrl;
  private final String token;

  public ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  public JsonNode get(String path, Map<String, String> query) {
    return send("GET", path + query(query), null);
  }

  public JsonNode get(String path) {
    return get(path, Map.of());
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  /**
   * {@code POST} for a call that may take long on the server (an apply that runs a build): no read
   * timeout; Ctrl-C stops waiting.
   */
  public JsonNode postAndWait(String path, Object body) {
    return send("POST", path, body, 0);
  }

  /**
   * {@code POST} for an apply: as {@link #postAndWait}, but accepting the server's NDJSON answer,
   * in which case each line of build output goes to {@code buildLine} as the server prints it and
   * the last line carries the result (returned) or the error (thrown as {@link #post} would).
   */
  public JsonNode postFollowingBuild(String path, Object body, Consumer<String> buildLine) {
    HttpURLConnection c = open("POST", path);
    c.setReadTimeout(0);
    c.setRequestProperty("Accept", NDJSON + ", application/json");
    try {
      writeJson(c, body);
      int status = c.getResponseCode();
      if (status >= 300) {
        throw failure(status, readAll(c.getErrorStream()));
      }
      String type = c.getContentType();
      if (type == null || !type.startsWith(NDJSON)) {
        String text = readAll(c.getInputStream());
        return text.isBlank() ? CliJson.mapper().nullNode() : CliJson.mapper().readTree(text);
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode n = CliJson.mapper().readTree(line);
          if (n.has("build")) {
            buildLine.accept(n.path("build").asText());
          } else if (n.has("status")) {
            int real = n.path("status").asInt(500);
            if (n.has("error")) {
              throw failure(real, CliJson.mapper().writeValueAsString(n));
            }
            return n.path("result");
          }
        }
      }
      throw new CliException(
          CliException.UNREACHABLE,
          "the Berth API at "
              + baseUrl
              + " closed the apply's answer before its outcome; berth releases shows whether it"
              + " was applied");
    } catch (IOException e) {
      throw unreachable(e);
    } finally {
      c.disconnect();
    }
  }

  static final String NDJSON = "application/x-ndjson";

  public JsonNode put(String path, Object body) {
    return send("PUT", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** Whether {@code HEAD path} answers 2xx (404: false; other failures map as for {@link #get}). */
  public boolean exists(String path) {
    HttpURLConnection c = open("HEAD", path);
    try {
      int status = c.getResponseCode();
      if (status == 404) {
        return false;
      }
      if (status >= 300) {
        throw failure(status, "");
      }
      return true;
    } catch (IOException e) {
      throw unreachable(e);
    } finally {
      c.disconnect();
    }
  }

  /** Writes a request body as it is produced, for uploads of any size. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(OutputStream body) throws IOException;
  }

  /**
   * {@code PUT}s a body streamed in chunks (never held in memory) and returns the JSON answer;
   * failures map as for {@link #post}. The upload has no read timeout while the server stores it.
   */
  public JsonNode upload(String path, String contentType, BodyWriter writer) {
    HttpURLConnection c = open("PUT", path);
    c.setReadTimeout(0);
    try {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", contentType);
      c.setChunkedStreamingMode(1 << 16);
      try (OutputStream out = c.getOutputStream()) {
        writer.write(out);
      }
      int status = c.getResponseCode();
      if (status >= 300) {
        throw failure(status, readAll(c.getErrorStream()));
      }
      String text = readAll(c.getInputStream());
      return text.isBlank() ? CliJson.mapper().nullNode() : CliJson.mapper().readTree(text);
    } catch (IOException e) {
      // the server may refuse (413) while we are still sending: report its answer if it has one
      try {
        int status = c.getResponseCode();
        if (status >= 300) {
          throw failure(status, readAll(c.getErrorStream()));
        }
      } catch (IOException ignored) {
        // no answer either: the connection itself failed
      }
      throw unreachable(e);
    } finally {
      c.disconnect();
    }
  }

  /** Streams newline-delimited JSON until the server closes or the consumer throws. */
  public void stream(String path, Map<String, String> query, Consumer<JsonNode> each) {
    HttpURLConnection c = open("GET", path + query(query));
    c.setReadTimeout(0);
    try {
      int status = c.getResponseCode();
      if (status >= 300) {
        throw failure(status, readAll(c.getErrorStream()));
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            each.accept(CliJson.mapper().readTree(line));
          }
        }
      }
    } catch (IOException e) {
      throw unreachable(e);
    } finally {
      c.disconnect();
    }
  }

  /** Reads a response body as it arrives, for large answers: no string or tree of it is built. */
  @FunctionalInterface
  public interface BodyReader {
    void read(InputStream body) throws IOException;
  }

  /** GETs {@code path} and hands the body to {@code reader}; failures map as for {@link #get}. */
  public void get(String path, Map<String, String> query, BodyReader reader) {
    HttpURLConnection c = open("GET", path + query(query));
    try {
      int status = c.getResponseCode();
      if (status >= 300) {
        throw failure(status, readAll(c.getErrorStream()));
      }
      try (InputStream in = c.getInputStream()) {
        reader.read(in);
      }
    } catch (IOException e) {
      throw unreachable(e);
    } finally {
      c.disconnect();
    }
  }

  private JsonNode send(String method, String pathAndQuery, Object body) {
    return send(method, pathAndQuery, body, READ_TIMEOUT_MS);
  }

  private JsonNode send(String method, String pathAndQuery, Object body, int readTimeoutMs) {
    HttpURLConnection c = open(method, pathAndQuery);
    c.setReadTimeout(readTimeoutMs);
    try {
      writeJson(c, body);
      int status = c.getResponseCode();
      if (status >= 300) {
        throw failure(status, readAll(c.getErrorStream()));
      }
      String text = readAll(c.getInputStream());
      return text.isBlank() ? CliJson.mapper().nullNode() : CliJson.mapper().readTree(text);
    } catch (IOException e) {
      throw unreachable(e);
    } finally {
      c.disconnect();
    }
  }

  private static void writeJson(HttpURLConnection c, Object body) throws IOException {
    if (body == null) {
      return;
    }
    byte[] bytes = CliJson.mapper().writeValueAsBytes(body);
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    c.setFixedLengthStreamingMode(bytes.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(bytes);
    }
  }

  /**
   * Who runs the CLI, for releases and the audit log: {@code $USER}, else Java's user name; only
   * printable ASCII is sent (a header cannot carry more), at most 100 characters.
   */
  static final String USER = userName();

  private static String userName() {
    String u = System.getenv("USER");
    if (u == null || u.isBlank()) {
      u = System.getProperty("user.name", "");
    }
    StringBuilder b = new StringBuilder();
    for (char ch : u.toCharArray()) {
      if (ch > 0x20 && ch < 0x7f && b.length() < 100) {
        b.append(ch);
      }
    }
    return b.toString();
  }

  private HttpURLConnection open(String method, String pathAndQuery) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(baseUrl + pathAndQuery).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(READ_TIMEOUT_MS);
      c.setUseCaches(false);
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty("User-Agent", "berth-cli");
      c.setRequestProperty("X-Berth-User", USER);
      if (token != null && !token.isBlank()) {
        c.setRequestProperty("Authorization", "Bearer " + token);
      }
      return c;
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException(
          CliException.UNREACHABLE,
          "the Berth API URL '"
              + baseUrl
              + "' is not usable ("
              + e.getMessage()
              + "); fix BERTH_URL or run berth login --url URL");
    }
  }

  private static String query(Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(enc(k) + "=" + enc(v));
          }
        });
    return q.toString();
  }

  private static String readAll(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private CliException unreachable(IOException e) {
    String why =
        e instanceof ConnectException
            ? "connection refused"
            : e instanceof SocketTimeoutException
                ? "timed out"
                : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new CliException(
        CliException.UNREACHABLE,
        "cannot reach the Berth API at "
            + baseUrl
            + " ("
            + why
            + "). Is 'berth up' running? Set BERTH_URL or run berth login --url URL if it runs elsewhere.");
  }

  /** Builds the exception for an error response, keeping the server's message and details. */
  static ApiFailure failure(int status, String body) {
    String code = "http_" + status;
    String message = body.isBlank() ? "the server answered HTTP " + status : body;
    JsonNode details = null;
    try {
      JsonNode n = CliJson.mapper().readTree(body).path("error");
      if (!n.isMissingNode()) {
        code = n.path("code").asText(code);
        message = n.path("message").asText(message);
        details = n.path("details");
      }
    } catch (IOException notJson) {
      // keep the raw body
    }
    int exit =
        status == 401 || status == 403
            ? CliException.UNREACHABLE
            : status == 400 ? CliException.INVALID : CliException.FAILED;
    return new ApiFailure(exit, status, code, message, details);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
