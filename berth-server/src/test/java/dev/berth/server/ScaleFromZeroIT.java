package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale from zero on a real control plane: a web service with {@code min: 0} and an {@code http}
 * trigger has no replica; a burst of concurrent requests is held by the router, the autoscaler
 * wakes the service at once, a real replica process starts and every request is answered by it.
 * Status shows the cold start.
 */
class ScaleFromZeroIT {
  static final String ENV = "/api/v1/projects/demo/environments/production";
  static final String HOST = "web.production.demo.localhost";
  static final String APP =
      """
      import http.server, os
      class H(http.server.BaseHTTPRequestHandler):
          protocol_version = 'HTTP/1.1'
          def do_GET(self):
              body = b'hello from ' + os.environ.get('BERTH_REPLICA', 'a replica').encode()
              self.send_response(200)
              self.send_header('Content-Length', str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      class S(http.server.ThreadingHTTPServer):
          request_queue_size = 512
      S(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()
      """;
  static final String SPEC =
      """
      project: demo
      services:
        web:
          type: web
          command: python3 app.py
          autoscale:
            min: 0
            max: 3
            hold: {requests: 500, timeout: 20s}
            triggers: [{type: http, targetConcurrency: 100}]
      """;

  @TempDir Path tmp;
  RunningControlPlane api;

  @BeforeEach
  void start() throws Exception {
    api = new RunningControlPlane(tmp);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  JsonNode web() throws Exception {
    return api.json("GET", ENV, null).path("services").get(0);
  }

  @Test
  void aBurstOfConcurrentRequestsAtZeroReplicasAllSucceed() throws Exception {
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("app.py"), APP);
    api.json("POST", "/api/v1/apply", Map.of("spec", SPEC, "sourceDir", app.toString()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !web().path("autoscale").path("reason").isMissingNode()
                    && "IDLE".equals(web().path("autoscale").path("reason").asText()));
    assertThat(web().path("desired").asInt()).isZero();

    List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      burst.add(
          api.http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.cp.routerPort() + "/"))
                  .header("Host", HOST)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> f : burst) {
      HttpResponse<String> r = f.get(40, TimeUnit.SECONDS);
      statuses.add(r.statusCode());
      assertThat(r.body()).as(r.headers().map().toString()).startsWith("hello from");
    }
    assertThat(statuses).hasSize(100).containsOnly(200);

    JsonNode web = web();
    assertThat(web.path("desired").asInt()).isBetween(1, 3);
    assertThat(web.path("autoscale").path("coldStartMillis").asLong()).isPositive();
    JsonNode events =
        api.json("GET", "/api/v1/events?project=demo&environment=production&service=web", null);
    assertThat(events.toString()).contains("replicas 0 -> 1 (ACTIVATED)").contains("held-requests");
  }
}
