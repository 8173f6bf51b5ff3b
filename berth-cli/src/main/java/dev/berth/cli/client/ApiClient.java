package dev.berth.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * The CLI's only way to the control plane: JSON over HTTP with the bearer token. Maps failures to
 * exit codes — unreachable or unauthorized: 3; the server rejected the input (400): 2; anything
 * else: 1 — with the server's own message, which says what to do next.
 */
public final class ApiClient {
  private final String baseUrl;
  private final String token;
  private final HttpClient http;

  public ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  public JsonNode get(String path, Map<String, String> query) {
    return send(request(path, query).GET().build());
  }

  public JsonNode get(String path) {
    return get(path, Map.of());
  }

  public JsonNode post(String path, Object body) {
    return send(request(path, Map.of()).POST(json(body)).build());
  }

  public JsonNode delete(String path) {
    return send(request(path, Map.of()).DELETE().build());
  }

  /** Streams newline-delimited JSON until the server closes or the consumer throws. */
  public void stream(String path, Map<String, String> query, Consumer<JsonNode> each) {
    HttpRequest req = request(path, query).GET().build();
    try {
      HttpResponse<java.io.InputStream> res =
          http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      if (res.statusCode() >= 300) {
        throw failure(
            res.statusCode(), new String(res.body().readAllBytes(), StandardCharsets.UTF_8));
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            each.accept(CliJson.mapper().readTree(line));
          }
        }
      }
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }

  private HttpRequest.Builder request(String path, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    new LinkedHashMap<>(query)
        .forEach(
            (k, v) -> {
              if (v != null) {
                q.add(enc(k) + "=" + enc(v));
              }
            });
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path + q))
            .timeout(Duration.ofMinutes(10))
            .header("Accept", "application/json")
            .header("User-Agent", "berth-cli");
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(CliJson.mapper().writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode send(HttpRequest req) {
    try {
      HttpRequest withType =
          HttpRequest.newBuilder(req, (n, v) -> true)
              .header("Content-Type", "application/json")
              .build();
      HttpResponse<String> res = http.send(withType, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() >= 300) {
        throw failure(res.statusCode(), res.body());
      }
      return res.body().isBlank()
          ? CliJson.mapper().nullNode()
          : CliJson.mapper().readTree(res.body());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.failed("interrupted");
    }
  }

  private CliException unreachable(IOException e) {
    String why =
        e instanceof ConnectException || e instanceof HttpConnectTimeoutException
            ? "connection refused"
            : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
    String message = body;
    JsonNode details = null;
    try {
      JsonNode n = CliJson.mapper().readTree(body).path("error");
      if (!n.isMissingNode()) {
        code = n.path("code").asText(code);
        message = n.path("message").asText(body);
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
