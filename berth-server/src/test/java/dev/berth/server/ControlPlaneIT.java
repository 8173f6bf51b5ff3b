package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import dev.berth.server.auth.AdminToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane over real HTTP with real processes: apply, route, status, scale, logs, restart
 * after a crash, auth failures, destroy.
 */
class ControlPlaneIT {

  static final String SPEC =
      """
      project: demo
      services:
        web:
          type: web
          command: python3 app.py
          replicas: 2
          health: {http: /health, interval: 500ms}
        worker:
          type: worker
          command: sh worker.sh
      """;

  @TempDir Path tmp;
  Path app;
  ControlPlane cp;
  String token;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(
        app.resolve("app.py"),
        """
        import http.server, os, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = ("hello from " + os.environ["BERTH_REPLICA"] + " host=" + str(self.headers.get("X-Forwarded-Host")) + "\\n").encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *a):
                sys.stdout.write("request " + self.path + "\\n"); sys.stdout.flush()
        print("listening on", os.environ["PORT"], flush=True)
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
        """);
    Files.writeString(
        app.resolve("worker.sh"),
        "trap 'exit 0' TERM\nwhile true; do echo tick; sleep 1 & wait; done\n");
    cp =
        new ControlPlane(
                ServerConfig.defaults()
                    .withDataDir(tmp.resolve("data"))
                    .withPorts(0, 0)
                    .withStopGrace(Duration.ofSeconds(5)),
                Clock.systemUTC())
            .start();
    token =
        AdminToken.ensure(cp.store(), tmp.resolve("config.json"), cp.apiUrl(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
  }

  HttpResponse<String> call(String method, String path, Object body, String bearer)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cp.apiUrl() + path)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String method, String path, Object body) throws Exception {
    HttpResponse<String> r = call(method, path, body, token);
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return Json.mapper().readTree(r.body());
  }

  JsonNode status() throws Exception {
    return json("GET", "/api/v1/projects/demo/environments/production", null);
  }

  HttpResponse<String> viaRouter(String host) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.routerPort() + "/"))
            .header("Host", host)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void appliesRoutesScalesRestartsAndDestroys() throws Exception {
    JsonNode applied =
        json(
            "POST",
            "/api/v1/apply",
            Map.of("spec", SPEC, "sourceDir", app.toString(), "environment", "production"));
    assertThat(applied.path("release").asText()).isEqualTo("v1");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status().path("services").get(0).path("state").asText().equals("running"));
    JsonNode web = status().path("services").get(0);
    assertThat(web.path("ready").asInt()).isEqualTo(2);
    assertThat(web.path("url").asText())
        .isEqualTo("http://web.production.demo.localhost:" + cp.routerPort() + "/");
    JsonNode replica = web.path("replicas").get(0);
    for (String field :
        new String[] {"id", "state", "ready", "restarts", "pid", "port", "node", "startedAt"}) {
      assertThat(replica.has(field)).as(field).isTrue();
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> r = viaRouter("web.production.demo.localhost");
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.body())
                  .startsWith("hello from web-")
                  .contains("host=web.production.demo.localhost");
              assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
            });
    assertThat(viaRouter("nope.production.demo.localhost").statusCode()).isEqualTo(404);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                json("GET", "/api/v1/projects/demo/environments/production/services/web/logs", null)
                    .path("lines")
                    .toString()
                    .contains("listening on"));

    // following streams new lines as they are written
    HttpResponse<java.util.stream.Stream<String>> follow =
        http.sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            cp.apiUrl()
                                + "/api/v1/projects/demo/environments/production/services/worker/logs?follow=true&limit=1"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofLines())
            .get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(follow.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/x-ndjson");
    java.util.concurrent.CompletableFuture<String> firstTicks =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                follow.body().filter(l -> l.contains("tick")).limit(2).reduce("", String::concat));
    assertThat(firstTicks.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .contains("\"replicaId\":\"worker-");

    // a replica that dies is restarted
    long pid = replica.path("pid").asLong();
    String id = replica.path("id").asText();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              for (JsonNode r : status().path("services").get(0).path("replicas")) {
                if (r.path("id").asText().equals(id)) {
                  return r.path("restarts").asInt() >= 1
                      && r.path("ready").asBoolean()
                      && r.path("pid").asLong() != pid;
                }
              }
              return false;
            });

    json(
        "POST",
        "/api/v1/projects/demo/environments/production/scale",
        Map.of("replicas", Map.of("web", 1)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> status().path("services").get(0).path("replicas").size() == 1);

    JsonNode events = json("GET", "/api/v1/events?project=demo", null);
    assertThat(events.toString()).contains("ReplicaReady", "ReplicaExited", "Scaled");

    HttpResponse<String> metrics = call("GET", "/metrics", null, token);
    assertThat(metrics.body())
        .contains("berth_router_requests_total")
        .contains("project=\"demo\",service=\"web\"");

    json("DELETE", "/api/v1/projects/demo/environments/production", null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                json("GET", "/api/v1/projects/demo/environments/production/replicas", null)
                    .isEmpty());
    assertThat(
            call("GET", "/api/v1/projects/demo/environments/production", null, token).statusCode())
        .isEqualTo(404);
    assertThat(ProcessHandle.of(pid)).isEmpty();
    // The router forgets the destroyed service's series after its next route refresh (<= 5 s).
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                !call("GET", "/metrics", null, token)
                    .body()
                    .contains("project=\"demo\",service=\"web\""));
  }

  @Test
  void aRestartedControlPlaneAdoptsTheReplicasTheOldOneLeftRunning() throws Exception {
    cp.close();
    ServerConfig keep =
        ServerConfig.defaults()
            .withDataDir(tmp.resolve("data"))
            .withPorts(0, 0)
            .withStopGrace(Duration.ofSeconds(5))
            .withKeepRunning(true);
    cp = new ControlPlane(keep, Clock.systemUTC()).start();
    token =
        AdminToken.ensure(cp.store(), tmp.resolve("config.json"), cp.apiUrl(), Clock.systemUTC());
    json("POST", "/api/v1/apply", Map.of("spec", SPEC, "sourceDir", app.toString()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status().path("services").get(0).path("state").asText().equals("running"));
    java.util.Set<Long> pids = pids(status());
    assertThat(pids).hasSize(3);

    cp.close(); // --keep-running: the replicas stay
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid)).as("pid " + pid + " still running").isPresent();
    }
    cp = new ControlPlane(keep.withKeepRunning(false), Clock.systemUTC()).start();
    token =
        AdminToken.ensure(cp.store(), tmp.resolve("config.json"), cp.apiUrl(), Clock.systemUTC());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status().path("services").get(0).path("ready").asInt() == 2);
    assertThat(pids(status())).isEqualTo(pids);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(viaRouter("web.production.demo.localhost").statusCode()).isEqualTo(200));

    cp.close(); // without --keep-running: every replica stops
    cp = null;
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  static java.util.Set<Long> pids(JsonNode status) {
    java.util.Set<Long> out = new java.util.HashSet<>();
    for (JsonNode s : status.path("services")) {
      for (JsonNode r : s.path("replicas")) {
        out.add(r.path("pid").asLong());
      }
    }
    return out;
  }

  @Test
  void aDryRunPlansTheApplyStoresNothingAndMarksWhatStopsReplicas() throws Exception {
    json("POST", "/api/v1/apply", Map.of("spec", SPEC, "sourceDir", app.toString()));
    String fewer =
        SPEC.replace("replicas: 2", "replicas: 1")
            .replace("  worker:\n    type: worker\n    command: sh worker.sh\n", "");

    JsonNode plan =
        json(
            "POST",
            "/api/v1/apply?dryRun=true",
            Map.of("spec", fewer, "sourceDir", app.toString()));

    assertThat(plan.path("valid").asBoolean()).isTrue();
    assertThat(plan.path("changed").asBoolean()).isTrue();
    assertThat(plan.path("services").toString()).isEqualTo("[\"web\"]");
    assertThat(plan.path("changes").toString())
        .contains("\"service\":\"web\",\"action\":\"scaled\"")
        .contains("\"service\":\"worker\",\"action\":\"removed\"");
    plan.path("changes")
        .forEach(c -> assertThat(c.path("destructive").asBoolean()).as(c.toString()).isTrue());
    assertThat(status().path("latest").path("version").asText()).isEqualTo("v1");
    assertThat(status().path("services")).hasSize(2);
  }

  @Test
  void aMissingOrWrongTokenIs401WithAHintAndHealthzNeedsNone() throws Exception {
    HttpResponse<String> none = call("GET", "/api/v1/environments", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(Json.mapper().readTree(none.body()).path("error").path("code").asText())
        .isEqualTo("unauthorized");
    assertThat(none.body()).contains("berth login");
    HttpResponse<String> wrong = call("GET", "/api/v1/environments", null, "berth_wrong");
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> malformed = call("GET", "/metrics", null, "");
    assertThat(malformed.statusCode()).isEqualTo(401);
    assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void anInvalidSpecIs400WithEveryProblemLocated() throws Exception {
    HttpResponse<String> r =
        call(
            "POST",
            "/api/v1/apply",
            Map.of(
                "spec",
                "project: demo\nservices:\n  web:\n    replica: 2\n    command: x\n    resources: {cpu: 0.5cores}\n",
                "sourceDir",
                app.toString()),
            token);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode err = Json.mapper().readTree(r.body()).path("error");
    assertThat(err.path("code").asText()).isEqualTo("invalid_spec");
    assertThat(err.path("details")).hasSize(2);
    assertThat(err.path("details").get(0).path("line").asInt()).isEqualTo(4);
    assertThat(err.path("details").get(0).path("hint").asText()).contains("replicas");
    assertThat(err.path("details").get(1).path("line").asInt()).isEqualTo(6);
    assertThat(call("GET", "/api/v1/environments", null, token).body()).isEqualTo("[]");
  }

  @Test
  void malformedRequestsAreClear400s() throws Exception {
    HttpResponse<String> notJson = call("POST", "/api/v1/apply", "{", token);
    assertThat(notJson.statusCode()).isEqualTo(400);
    HttpResponse<String> unknownField =
        call("POST", "/api/v1/apply", Map.of("spec", "x", "sourceDir", "/", "sauce", 1), token);
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("sauce");
    HttpResponse<String> missingEnv = call("GET", "/api/v1/projects/x/environments/y", null, token);
    assertThat(missingEnv.statusCode()).isEqualTo(404);
    assertThat(missingEnv.body()).contains("environment_not_found");
    HttpResponse<String> badLimit = call("GET", "/api/v1/events?limit=abc", null, token);
    assertThat(badLimit.statusCode()).isEqualTo(400);
    HttpResponse<String> noRoute = call("GET", "/api/v1/nothing", null, token);
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(noRoute.body()).contains("not_found");
  }
}
