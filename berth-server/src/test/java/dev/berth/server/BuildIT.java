package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
