package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases over real HTTP with real processes and the router under load: a release that crash-loops
 * is rolled back without one failed request, the releases and audit APIs say what happened, and
 * {@code rollback} deploys an earlier good release again.
 */
class ReleasesIT {
  static final String ENV = "/api/v1/projects/demo/environments/production";

  static String spec(String command) {
    return """
        project: demo
        services:
          web:
            type: web
            command: %s
            replicas: 2
            health: {http: /health, interval: 200ms}
        """
        .formatted(command);
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
        import http.server, os, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = (os.environ.get("GREETING", "hi") + "\\n").encode()
                broken = os.environ.get("BROKEN") == "1" and self.path != "/health"
                self.send_response(500 if broken else 200)
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

  JsonNode apply(String spec, String message) throws Exception {
    return api.json(
        "POST",
        "/api/v1/apply",
        Map.of("spec", spec, "sourceDir", app.toString(), "message", message));
  }

  void awaitRelease(String version, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonNode latest = api.json("GET", ENV, null).path("latest");
              return latest.path("version").asText().equals(version)
                  && latest.path("status").asText().equals(status);
            });
  }

  /** Requests through the router on a thread of its own, sorted by what came back. */
  final class Load implements AutoCloseable {
    final AtomicBoolean loading = new AtomicBoolean(true);
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger serverErrors = new AtomicInteger();
    final List<String> failures = new ArrayList<>();
    final Thread thread;

    /**
     * @param appErrors whether a 500 from the app is expected (counted, not a failure)
     */
    Load(boolean appErrors) {
      thread =
          new Thread(
              () -> {
                while (loading.get()) {
                  try {
                    HttpResponse<String> r = api.viaRouter("web.production.demo.localhost");
                    sent.incrementAndGet();
                    if (appErrors
                        && r.statusCode() == 500
                        && r.headers().map().keySet().stream()
                            .noneMatch(h -> h.equalsIgnoreCase("X-Berth-Error"))) {
                      serverErrors.incrementAndGet();
                    } else if (r.statusCode() != 200) {
                      synchronized (failures) {
                        failures.add(r.statusCode() + " " + r.body());
                      }
                    }
                  } catch (Exception e) {
                    synchronized (failures) {
                      failures.add(e.toString());
                    }
                  }
                }
              });
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      loading.set(false);
      thread.join();
    }
  }

  @Test
  void aReleaseAnswering500sIsRolledBackWithoutTheRouterFailingARequest() throws Exception {
    apply(spec("python3 app.py"), "first");
    awaitRelease("v1", "live");

    Load load = new Load(true);
    try (load) {
      apply(
          spec("python3 app.py").replace("replicas: 2", "replicas: 2\n    env: {BROKEN: \"1\"}"),
          "answers 500");
      awaitRelease("v2", "rolled-back");
      int before = load.sent.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> load.sent.get() > before + 20);
    }

    assertThat(load.failures).as("answers the router itself failed").isEmpty();
    assertThat(load.serverErrors.get()).as("the bad release answered").isGreaterThan(0);
    JsonNode v2 = api.json("GET", ENV + "/releases/v2", null).path("release");
    assertThat(v2.path("reason").asText())
        .contains("web: 5xx rate", "is above errorRate 5%", "rolled back to v1");
    JsonNode v1 = api.json("GET", ENV + "/releases/v1", null).path("release");
    assertThat(v1.path("status").asText()).isEqualTo("live");
    // the bad replicas stop as the restored ones become ready: then only the good release answers
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (int i = 0; i < 10; i++) {
                if (api.viaRouter("web.production.demo.localhost").statusCode() != 200) {
                  return false;
                }
              }
              return true;
            });
  }

  @Test
  void aCrashLoopingReleaseIsRolledBackWithoutAFailedRequestAndCanBeRolledBackTo()
      throws Exception {
    apply(spec("python3 app.py"), "first");
    awaitRelease("v1", "live");
    assertThat(api.json("GET", ENV, null).path("release").asText()).isEqualTo("v1");

    Load load = new Load(false);
    try (load) {
      apply(spec("python3 -c 'import sys; sys.exit(3)'"), "broken");
      awaitRelease("v2", "rolled-back");
    }
    assertThat(load.sent.get()).isGreaterThan(10);
    assertThat(load.failures).isEmpty();

    JsonNode releases = api.json("GET", ENV + "/releases", null);
    assertThat(releases).hasSize(2);
    JsonNode v2 = releases.get(0);
    assertThat(v2.path("version").asText()).isEqualTo("v2");
    assertThat(v2.path("status").asText()).isEqualTo("rolled-back");
    assertThat(v2.path("reason").asText()).contains("crash-loops", "rolled back to v1");
    assertThat(v2.path("message").asText()).isEqualTo("broken");
    assertThat(v2.path("createdBy").asText()).isEqualTo("tester (token admin)");
    assertThat(v2.path("source").path("kind").asText()).isEqualTo("directory");
    assertThat(releases.get(1).path("status").asText()).isEqualTo("live");
    JsonNode one = api.json("GET", ENV + "/releases/v2", null);
    assertThat(one.path("spec").asText()).contains("sys.exit(3)");
    assertThat(api.call("GET", ENV + "/releases/v9", null).statusCode()).isEqualTo(404);
    assertThat(api.call("GET", ENV + "/releases/x9", null).statusCode()).isEqualTo(400);

    // nothing earlier than v1 went live
    HttpResponse<String> refused = api.call("POST", ENV + "/rollback", Map.of());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body()).contains("no_good_release");

    apply(
        spec("python3 app.py").replace("replicas: 2", "replicas: 2\n    env: {GREETING: v3}"), "");
    awaitRelease("v3", "live");
    JsonNode plan = api.json("POST", ENV + "/rollback?dryRun=true", Map.of());
    assertThat(plan.path("live").asText()).isEqualTo("v3");
    assertThat(plan.path("target").asText()).isEqualTo("v1");
    JsonNode rolled = api.json("POST", ENV + "/rollback", Map.of("message", "v3 greets wrong"));
    assertThat(rolled.path("release").asText()).isEqualTo("v4");
    awaitRelease("v4", "live");
    assertThat(api.viaRouter("web.production.demo.localhost").body()).isEqualTo("hi\n");

    JsonNode audit = api.json("GET", "/api/v1/audit?project=demo", null);
    List<String> actions = new ArrayList<>();
    audit.forEach(e -> actions.add(e.path("action").asText() + " " + e.path("actor").asText()));
    assertThat(actions)
        .containsExactly(
            "apply tester (token admin)",
            "apply tester (token admin)",
            "rollback berth",
            "apply tester (token admin)",
            "rollback tester (token admin)");
  }
}
