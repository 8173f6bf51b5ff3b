package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the control plane in the middle of a deploy: the restarted one resumes the
 * rollout (a release that gets ready goes live) or rolls it back (one that never gets ready), and
 * never leaves two half releases serving: at the end every replica runs one release, and the router
 * answers from it.
 */
class DeployKillNineIT {
  static final String APP =
      """
      import http.server, os, sys, time
      time.sleep(float(os.environ.get("SLOW_START", "0")))
      class H(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              if self.path == "/health" and os.environ.get("NEVER_READY"):
                  self.send_response(503); self.end_headers(); return
              body = (os.environ.get("GREETING", "v1") + "\\n").encode()
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *a):
              pass
      http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
      """;

  static String spec(String env) {
    return """
        project: killnine
        services:
          web:
            type: web
            command: python3 app.py
            replicas: 2
            env: {%s}
            health: {http: /health, interval: 200ms}
            deploy: {progressDeadline: 15s}
        """
        .formatted(env);
  }

  @TempDir Path tmp;
  Path app;
  BerthCommand berth;
  Process up;
  int apiPort;
  int routerPort;

  @BeforeEach
  void setUp() throws Exception {
    berth = new BerthCommand(Files.createDirectories(tmp.resolve("home")));
    apiPort = BerthCommand.freePort();
    routerPort = BerthCommand.freePort();
    app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("app.py"), APP);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroy();
      up.waitFor();
    }
  }

  Process startUp(String log) throws Exception {
    Path file = tmp.resolve(log);
    Process p =
        berth.start(
            tmp,
            file,
            "up",
            "--data-dir",
            tmp.resolve("data").toString(),
            "--api-port",
            Integer.toString(apiPort),
            "--router-port",
            Integer.toString(routerPort),
            "--stop-grace",
            "5s");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(file).contains("Berth is up") || !p.isAlive());
    assertThat(p.isAlive()).as(Files.readString(file)).isTrue();
    return p;
  }

  void apply(String env, String... more) throws Exception {
    Files.writeString(app.resolve("berth.yaml"), spec(env));
    String[] args = new String[more.length + 1];
    args[0] = "apply";
    System.arraycopy(more, 0, args, 1, more.length);
    BerthCommand.Result r = berth.run(app, args);
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  JsonNode status() throws Exception {
    BerthCommand.Result r = berth.run(app, "status", "-o", "json");
    assertThat(r.exit()).as(r.toString()).isZero();
    return Json.mapper().readTree(r.out());
  }

  /** The releases the web replicas that are not being stopped run. */
  static Set<String> releasesServing(JsonNode status) {
    Set<String> out = new HashSet<>();
    status
        .path("services")
        .get(0)
        .path("replicas")
        .forEach(
            r -> {
              if (!r.path("state").asText().equals("terminating")) {
                out.add(r.path("release").asText());
              }
            });
    return out;
  }

  static Set<Long> pids(JsonNode status, String release) {
    Set<Long> out = new HashSet<>();
    status
        .path("services")
        .get(0)
        .path("replicas")
        .forEach(
            r -> {
              if (r.path("release").asText().equals(release)) {
                out.add(r.path("pid").asLong());
              }
            });
    return out;
  }

  String viaRouter() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/"))
                    .header("Host", "web.production.killnine.localhost")
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body().strip();
  }

  /** Kills the control plane once the newest release is deploying and one new replica exists. */
  void killMidDeploy(String newRelease) throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode s = status();
              return s.path("latest").path("version").asText().equals(newRelease)
                  && s.path("latest").path("status").asText().equals("deploying")
                  && releasesServing(s).contains(newRelease);
            });
    up.destroyForcibly();
    up.waitFor();
  }

  @Test
  void aDeployKilledMidwayIsResumedAndGoesLive() throws Exception {
    up = startUp("up1.log");
    apply("GREETING: v1");
    assertThat(viaRouter()).isEqualTo("v1");

    apply("GREETING: v2, SLOW_START: '3'", "--no-wait");
    killMidDeploy("v2");
    up = startUp("up2.log");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> status().path("latest").path("status").asText().equals("live"));
    JsonNode s = status();
    assertThat(s.path("release").asText()).isEqualTo("v2");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> releasesServing(status()).equals(Set.of("v2")));
    assertThat(status().path("services").get(0).path("ready").asInt()).isEqualTo(2);
    assertThat(viaRouter()).isEqualTo("v2");

    BerthCommand.Result list = berth.run(app, "releases");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains("v2", "live", "v1", "superseded");
    BerthCommand.Result one = berth.run(app, "releases", "v2");
    assertThat(one.exit()).as(one.toString()).isZero();
    assertThat(one.out()).contains("v2", "live", "source    directory", "code      sha256:");
    assertThat(one.out()).contains("SLOW_START");
  }

  @Test
  void aDeployKilledMidwayThatNeverGetsReadyIsRolledBackAndTheOldReplicasNeverStopped()
      throws Exception {
    up = startUp("up1.log");
    apply("GREETING: v1");
    Set<Long> v1 = pids(status(), "v1");
    assertThat(v1).hasSize(2);

    apply("GREETING: v2, NEVER_READY: '1'", "--no-wait");
    killMidDeploy("v2");
    up = startUp("up2.log");

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> status().path("latest").path("status").asText().equals("rolled-back"));
    JsonNode s = status();
    assertThat(s.path("release").asText()).isEqualTo("v1");
    assertThat(s.path("latest").path("reason").asText()).contains("rolled back to v1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> releasesServing(status()).equals(Set.of("v1")));
    assertThat(pids(status(), "v1"))
        .as(
            "the live release's replicas were never stopped; events:\n%s\nup2.log:\n%s",
            berth.run(app, "events", "-n", "300"), Files.readString(tmp.resolve("up2.log")))
        .isEqualTo(v1);
    assertThat(viaRouter()).isEqualTo("v1");
  }
}
