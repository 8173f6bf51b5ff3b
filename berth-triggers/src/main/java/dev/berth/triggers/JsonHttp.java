package dev.berth.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A GET that must answer 2xx with JSON, and a walk along a dotted path in the answer. */
final class JsonHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(GuardedSource.CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  JsonNode get(String url) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(GuardedSource.READ_TIMEOUT)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() / 100 != 2) {
      throw new GuardedSource.BadMetricException(
          "GET " + withoutQuery(url) + " answered HTTP " + res.statusCode());
    }
    if (res.body().length > MAX_BODY) {
      throw new GuardedSource.BadMetricException(
          "GET " + withoutQuery(url) + " answered more than 1 MiB");
    }
    try {
      return JSON.readTree(res.body());
    } catch (Exception e) {
      throw new GuardedSource.BadMetricException(
          "GET " + withoutQuery(url) + " did not answer JSON");
    }
  }

  /**
   * The number at {@code path}: field names and array indexes separated by dots ({@code
   * queue.depth}, {@code items.0.count}), the GJSON paths KEDA's metrics-api scaler takes in their
   * simple form. A number, or text holding one.
   */
  static double number(JsonNode root, String path) throws GuardedSource.BadMetricException {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      if (n == null) {
        break;
      }
      n = n.isArray() && part.matches("[0-9]{1,9}") ? n.get(Integer.parseInt(part)) : n.get(part);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      throw new GuardedSource.BadMetricException("no value at '" + path + "' in the answer");
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      try {
        return Double.parseDouble(n.asText().strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    String shown = n.toString();
    throw new GuardedSource.BadMetricException(
        "the value at '"
            + path
            + "' is "
            + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown)
            + ", not a number");
  }

  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }
}
