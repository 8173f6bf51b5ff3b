package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build.command} with real processes: its output is what runs, never the user's directory; a
 * failed build deploys nothing and says why.
 */
class BuildIT {
  static final String ENV = "/api/v1/projects/built/environments/production";

  static String spec(String build) {
    return """
        project: built
        services:
          web:
            type: web
            command: python3 app.py
            health: {http: /, interval: 200ms}
        build:
          command: %s
        """
        .formatted(build);
  }

  @TempDir Path tmp;
  Path app;
  RunningControlPlane api;

  @BeforeEach
  void start() throws Exception {
    app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(
        app.resolve("app.py"),
        """
        import http.server, os
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = open("built.txt", "rb").read()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *a):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
        """);
    api = new RunningControlPlane(tmp);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void whatTheBuildMadeIsWhatRuns() throws Exception {
    api.json(
        "POST",
        "/api/v1/apply",
        Map.of("spec", spec("echo built-by-berth > built.txt"), "sourceDir", app.toString()));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> api.json("GET", ENV, null).path("latest").path("status").asText().equals("live"));
    assertThat(api.viaRouter("web.production.built.localhost").body())
        .isEqualTo("built-by-berth\n");
    assertThat(app.resolve("built.txt")).as("the user's directory is untouched").doesNotExist();
  }

  /** Posts an apply accepting NDJSON; returns each line with the ms since the request was sent. */
  List<Map.Entry<Long, JsonNode>> applyFollowing(String build) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api.cp.apiUrl() + "/api/v1/apply"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + api.token)
            .header("Accept", "application/x-ndjson, application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Json.mapper()
                        .writeValueAsString(
                            Map.of("spec", spec(build), "sourceDir", app.toString()))))
            .build();
    long t0 = System.nanoTime();
    HttpResponse<java.util.stream.Stream<String>> r =
        api.http.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
    List<Map.Entry<Long, JsonNode>> lines = new ArrayList<>();
    try (java.util.stream.Stream<String> body = r.body()) {
      body.forEach(
          line -> {
            try {
              lines.add(
                  Map.entry((System.nanoTime() - t0) / 1_000_000, Json.mapper().readTree(line)));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
    return lines;
  }

  @Test
  void theBuildsOutputReachesAClientAcceptingNdjsonAsItIsPrinted() throws Exception {
    List<Map.Entry<Long, JsonNode>> lines =
        applyFollowing("echo compiling; sleep 2; echo linking >&2; echo built > built.txt");

    assertThat(lines)
        .extracting(e -> e.getValue().path("build").asText(null))
        .startsWith("compiling", "linking");
    JsonNode last = lines.get(lines.size() - 1).getValue();
    assertThat(last.path("status").asInt()).isEqualTo(202);
    assertThat(last.path("result").path("release").asText()).isEqualTo("v1");
    long first = lines.get(0).getKey();
    long end = lines.get(lines.size() - 1).getKey();
    assertThat(end - first)
        .as("the first line came while the build still ran (it sleeps 2 s after it)")
        .isGreaterThanOrEqualTo(1_500);
  }

  @Test
  void aFailedBuildFollowedLiveEndsWithTheErrorItWouldHaveAnswered() throws Exception {
    List<Map.Entry<Long, JsonNode>> lines = applyFollowing("echo 'no compiler here'; exit 2");

    assertThat(lines.get(0).getValue().path("build").asText()).isEqualTo("no compiler here");
    JsonNode last = lines.get(lines.size() - 1).getValue();
    assertThat(last.path("status").asInt()).isEqualTo(409);
    assertThat(last.path("error").path("code").asText()).isEqualTo("build_failed");
    assertThat(last.path("error").path("message").asText()).contains("exited with status 2");
    assertThat(api.call("GET", ENV, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aFailedBuildDeploysNothing() throws Exception {
    HttpResponse<String> r =
        api.call(
            "POST",
            "/api/v1/apply",
            Map.of(
                "spec", spec("echo 'no compiler here' >&2; exit 2"), "sourceDir", app.toString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(r.body()).contains("build_failed", "exited with status 2", "no compiler here");
    assertThat(api.call("GET", ENV, null).statusCode()).isEqualTo(404);
  }
}
