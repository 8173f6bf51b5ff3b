package dev.berth.triggers;

import static dev.berth.triggers.Triggers.readOnce;
import static dev.berth.triggers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * metrics-api and prometheus against a real HTTP server on port 0 answering what a test sets (no
 * Prometheus runs on this machine; its answers below follow its HTTP API documentation,
 * https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries).
 */
class HttpSourcesTest {
  HttpServer server;
  final Map<String, String> bodies = new ConcurrentHashMap<>();
  final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  volatile String lastQuery;
  String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          lastQuery = ex.getRequestURI().getQuery();
          byte[] body = bodies.getOrDefault(path, "{}").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(statuses.getOrDefault(path, 200), body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  Reading api(String location) {
    return readOnce(
        trigger(TriggerType.METRICS_API, "url", base + "/queue", "valueLocation", location),
        Map.of());
  }

  @Test
  void metricsApiReadsTheValueAtItsLocation() {
    bodies.put(
        "/queue",
        "{\"depth\": 17, \"nested\": {\"items\": [{\"n\": 3}, {\"n\": \"4.5\"}]}, \"s\": \"many\"}");

    assertThat(api("depth")).isEqualTo(Reading.of(17));
    assertThat(api("nested.items.1.n")).isEqualTo(Reading.of(4.5));
    assertThat(api("nested.items.7.n").error())
        .isEqualTo("no value at 'nested.items.7.n' in the answer");
    assertThat(api("s").error()).isEqualTo("the value at 's' is \"many\", not a number");
  }

  @Test
  void metricsApiErrorsNameTheProblem() {
    statuses.put("/queue", 503);
    assertThat(api("depth").error()).isEqualTo("GET " + base + "/queue answered HTTP 503");
    statuses.remove("/queue");
    bodies.put("/queue", "<html>");
    assertThat(api("depth").error()).isEqualTo("GET " + base + "/queue did not answer JSON");
    assertThat(
            readOnce(
                    trigger(
                        TriggerType.METRICS_API,
                        "url",
                        "http://127.0.0.1:1/x",
                        "valueLocation",
                        "a"),
                    Map.of())
                .error())
        .contains("ConnectException");
  }

  Reading prometheus(String query) {
    return readOnce(
        trigger(TriggerType.PROMETHEUS, "serverAddress", base + "/", "query", query), Map.of());
  }

  @Test
  void prometheusReadsOneSampleOrAScalar() {
    bodies.put(
        "/api/v1/query",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000.1,\"42.5\"]}]}}");
    assertThat(prometheus("sum(rate(http_requests_total[1m]))")).isEqualTo(Reading.of(42.5));
    assertThat(lastQuery).isEqualTo("query=sum(rate(http_requests_total[1m]))");

    bodies.put(
        "/api/v1/query",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.1,\"7\"]}}");
    assertThat(prometheus("scalar(up)")).isEqualTo(Reading.of(7));
  }

  @Test
  void prometheusEmptyManyAndErrors() {
    bodies.put(
        "/api/v1/query",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThat(prometheus("up")).as("ignoreNullValues defaults to true").isEqualTo(Reading.of(0));
    assertThat(
            readOnce(
                    trigger(
                        TriggerType.PROMETHEUS,
                        "serverAddress",
                        base,
                        "query",
                        "up",
                        "ignoreNullValues",
                        "false"),
                    Map.of())
                .error())
        .isEqualTo("the query returned no sample (ignoreNullValues is false)");

    bodies.put(
        "/api/v1/query",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"1\"]},{\"value\":[1,\"2\"]}]}}");
    assertThat(prometheus("up").error())
        .isEqualTo("the query returned 2 samples; aggregate them to one, e.g. sum(...)");

    bodies.put(
        "/api/v1/query",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"NaN\"]}]}}");
    assertThat(prometheus("up").problem())
        .as("NaN reaches the decision as an error")
        .contains("NaN");

    statuses.put("/api/v1/query", 400);
    assertThat(prometheus("up(").error())
        .isEqualTo("GET " + base + "/api/v1/query answered HTTP 400");
  }
}
