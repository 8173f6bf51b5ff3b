package dev.berth.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.autoscale.TriggerConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code prometheus}: a PromQL instant query ({@code GET <serverAddress>/api/v1/query}) that must
 * give one number: a scalar, or a vector of one sample. An empty vector is 0 when {@code
 * ignoreNullValues} (default true, as KEDA), else an error; several samples are an error (as KEDA:
 * aggregate them, e.g. with {@code sum(...)}).
 */
final class PrometheusSource extends GuardedSource {
  private final JsonHttp http = new JsonHttp();

  PrometheusSource(TriggerConfig config) {
    super(config);
  }

  @Override
  double measure() throws Exception {
    String base = config.get("serverAddress").replaceAll("/+$", "");
    String query = config.get("query");
    JsonNode root =
        http.get(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    if (!"success".equals(root.path("status").asText())) {
      throw new BadMetricException(
          "Prometheus refused the query: " + root.path("error").asText("no reason given"));
    }
    JsonNode data = root.path("data");
    JsonNode result = data.path("result");
    String type = data.path("resultType").asText();
    if (type.equals("scalar")) {
      return JsonHttp.number(result, "1");
    }
    if (!type.equals("vector")) {
      throw new BadMetricException(
          "the query gives a " + type + ", not one number (write an instant vector or a scalar)");
    }
    if (result.isEmpty()) {
      if (Boolean.parseBoolean(config.get("ignoreNullValues", "true"))) {
        return 0;
      }
      throw new BadMetricException("the query returned no sample (ignoreNullValues is false)");
    }
    if (result.size() > 1) {
      throw new BadMetricException(
          "the query returned " + result.size() + " samples; aggregate them to one, e.g. sum(...)");
    }
    return JsonHttp.number(result.get(0), "value.1");
  }

  @Override
  void disconnect() {
    // HTTP: nothing held between reads
  }
}
