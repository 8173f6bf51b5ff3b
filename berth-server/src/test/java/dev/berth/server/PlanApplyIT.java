package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.engine.store.StoreTx;
import dev.berth.server.api.Json;
import dev.berth.server.auth.AdminToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan, saved plan and apply lock over real HTTP against a real control plane: {@code POST
 * /api/v1/plan}, {@code POST /api/v1/apply} with {@code plan} and {@code failIfLocked}, {@code GET}
 * and {@code DELETE .../lock}.
 */
class PlanApplyIT {
  static final String SPEC =
      """
      project: probe
      services:
        worker:
          type: worker
          command: sleep 600
          env: {LOG_LEVEL: info}
      """;
  static final String EDITED = SPEC.replace("LOG_LEVEL: info", "LOG_LEVEL: debug");
  static final String LOCK = "/api/v1/projects/probe/environments/production/lock";

  @TempDir Path tmp;
  Path app;
  ControlPlane cp;
  String token;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    app = Files.createDirectories(tmp.resolve("app"));
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

  HttpResponse<String> call(String method, String path, Object body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(cp.apiUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Map<String, Object> body(String spec) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("spec", spec);
    b.put("sourceDir", app.toString());
    return b;
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  @Test
  void aSavedPlanAppliesOnceThenIsStale() throws Exception {
    assertThat(call("POST", "/api/v1/apply", body(SPEC)).statusCode()).isEqualTo(202);

    HttpResponse<String> planned = call("POST", "/api/v1/plan", body(EDITED));
    assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
    JsonNode plan = json(planned);
    assertThat(plan.at("/plan/summary").asText()).isEqualTo("0 to add, 1 to change, 0 to destroy");
    JsonNode worker = plan.at("/plan/services/0");
    assertThat(worker.path("action").asText()).isEqualTo("replace");
    assertThat(worker.at("/fields/0/field").asText()).isEqualTo("env.LOG_LEVEL");
    assertThat(worker.at("/fields/0/before").asText()).isEqualTo("info");
    assertThat(worker.at("/fields/0/after").asText()).isEqualTo("debug");
    assertThat(plan.path("serial").asLong()).isEqualTo(1);

    Map<String, Object> apply = body(EDITED);
    apply.put(
        "plan",
        Map.of(
            "serial", plan.path("serial").asLong(),
            "specDigest", plan.path("specDigest").asText(),
            "planDigest", plan.path("planDigest").asText()));
    HttpResponse<String> first = call("POST", "/api/v1/apply", apply);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);

    HttpResponse<String> again = call("POST", "/api/v1/apply", apply);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(json(again).at("/error/code").asText()).isEqualTo("plan_stale");
    assertThat(json(again).at("/error/message").asText()).contains("serial 1 then, 2 now");
  }

  @Test
  void aLockLeftByADeadControlPlaneIsShownRefusesAndCanBeBroken() throws Exception {
    EnvironmentKey key = new EnvironmentKey("probe", "production");
    Instant now = Instant.now();
    cp.store()
        .write(
            (StoreTx tx) -> {
              tx.locks()
                  .put(
                      new EnvironmentLock(
                          key, "cp-dead-1", "cp-dead", "alice", "apply", now, now.plusSeconds(30)));
              return null;
            });

    JsonNode lock = json(call("GET", LOCK, null));
    assertThat(lock.path("locked").asBoolean()).isTrue();
    assertThat(lock.path("holder").asText()).isEqualTo("alice");
    assertThat(lock.path("expired").asBoolean()).isFalse();

    Map<String, Object> apply = body(SPEC);
    apply.put("failIfLocked", true);
    HttpResponse<String> refused = call("POST", "/api/v1/apply", apply);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(json(refused).at("/error/code").asText()).isEqualTo("environment_locked");
    assertThat(json(refused).at("/error/details/0/holder").asText()).isEqualTo("alice");
    assertThat(json(refused).at("/error/details/0/acquiredAt").asText())
        .isEqualTo(Instant.ofEpochMilli(now.toEpochMilli()).toString());
    // without failIfLocked it fails all the same: another control plane's lock is never waited on
    assertThat(call("POST", "/api/v1/apply", body(SPEC)).statusCode()).isEqualTo(409);

    JsonNode broken = json(call("DELETE", LOCK, null));
    assertThat(broken.path("unlocked").asBoolean()).isTrue();
    assertThat(json(call("GET", LOCK, null)).path("locked").asBoolean()).isFalse();
    assertThat(json(call("DELETE", LOCK, null)).path("unlocked").asBoolean()).isFalse();
    assertThat(call("GET", "/api/v1/audit", null).body()).contains("unlock", "alice");

    HttpResponse<String> applied = call("POST", "/api/v1/apply", apply);
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(202);
    assertThat(json(call("GET", LOCK, null)).path("locked").asBoolean()).isFalse();
  }

  @Test
  void theExportedSpecPlansNoChangeAgainstTheStateItCameFrom() throws Exception {
    String staged =
        SPEC
            + "environments:\n  production:\n    target: local\n    services:\n"
            + "      worker: {replicas: 2, env: {EXTRA: x}}\n";
    assertThat(call("POST", "/api/v1/apply", body(staged)).statusCode()).isEqualTo(202);

    HttpResponse<String> r =
        call("GET", "/api/v1/projects/probe/environments/production/spec", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String yaml = json(r).path("yaml").asText();
    assertThat(yaml).contains("replicas: 2", "EXTRA: x", "LOG_LEVEL: info");

    JsonNode plan = json(call("POST", "/api/v1/plan", body(yaml)));
    assertThat(plan.at("/plan/changes").asBoolean()).as(yaml + plan).isFalse();
    assertThat(call("GET", "/api/v1/projects/probe/environments/nope/spec", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aBadPlanInTheBodyIsA400() throws Exception {
    Map<String, Object> apply = body(SPEC);
    apply.put("plan", Map.of("serial", 1));
    HttpResponse<String> r = call("POST", "/api/v1/apply", apply);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).at("/error/code").asText()).isEqualTo("invalid_request");
  }

  @Test
  void theOpenApiDocumentNamesTheNewEndpoints() throws Exception {
    JsonNode doc = json(call("GET", "/api/v1/openapi.json", null));
    assertThat(doc.path("paths").has("/api/v1/plan")).isTrue();
    assertThat(
            doc.path("paths")
                .path("/api/v1/projects/{project}/environments/{environment}/lock")
                .has("delete"))
        .isTrue();
  }
}
