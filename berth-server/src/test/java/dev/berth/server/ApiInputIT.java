package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import dev.berth.server.api.Requests;
import dev.berth.server.auth.AdminToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against the real control plane over HTTP: every case is a 4xx in the error shape {@code
 * {"error": {"code", "message", "details"}}} and changes nothing, never a 500 and never a half-read
 * request that deploys anyway.
 */
class ApiInputIT {
  static final String SPEC =
      """
      project: probe
      services:
        worker:
          type: worker
          command: sleep 600
      """;

  @TempDir Path tmp;
  Path app;
  ControlPlane cp;
  String token;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
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

  HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(cp.apiUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(method, body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> raw(String method, String path, String body) throws Exception {
    return send(
        method,
        path,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
  }

  HttpResponse<String> json(String method, String path, Object body) throws Exception {
    return raw(method, path, Json.mapper().writeValueAsString(body));
  }

  Map<String, Object> applyBody(String sourceDir) {
    return Map.of("spec", SPEC, "sourceDir", sourceDir);
  }

  /** The response is {@code status} with the error shape and {@code code}; returns the message. */
  static String assertError(HttpResponse<String> r, int status, String code) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/json");
    JsonNode e = Json.mapper().readTree(r.body()).get("error");
    assertThat(e).as(r.body()).isNotNull();
    assertThat(e.get("code").asText()).as(r.body()).isEqualTo(code);
    assertThat(e.get("message").asText()).isNotBlank();
    assertThat(e.get("details").isArray()).isTrue();
    return e.get("message").asText();
  }

  void assertNothingDeployed() throws Exception {
    assertThat(raw("GET", "/api/v1/environments", null).body()).isEqualTo("[]");
  }

  void deploy() throws Exception {
    HttpResponse<String> r = json("POST", "/api/v1/apply", applyBody(app.toString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  @Test
  void aBooleanQueryParameterIsExactlyTrueOrFalseOnEveryRoute() throws Exception {
    for (String bad : List.of("yes", "1", "TRUE", "True", "", "on", "true%20")) {
      String m =
          assertError(
              json("POST", "/api/v1/apply?dryRun=" + bad, applyBody(app.toString())),
              400,
              "invalid_request");
      assertThat(m).contains("dryRun").contains("true or false");
    }
    assertError(
        json("POST", "/api/v1/apply?dryRun=true&dryRun=false", applyBody(app.toString())),
        400,
        "invalid_request");
    assertNothingDeployed();

    HttpResponse<String> dry = json("POST", "/api/v1/apply?dryRun=true", applyBody(app.toString()));
    assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
    assertThat(dry.body()).contains("\"valid\":true");
    assertNothingDeployed();

    deploy();
    // the log route reads follow with the same rule
    assertError(
        raw(
            "GET",
            "/api/v1/projects/probe/environments/production/services/worker/logs?follow=yes",
            null),
        400,
        "invalid_request");
    assertThat(
            raw(
                    "GET",
                    "/api/v1/projects/probe/environments/production/services/worker/logs?follow=false",
                    null)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aBodyThatIsNotTheRightObjectIs400() throws Exception {
    for (String body : List.of("null", "[]", "\"x\"", "3", "true", "", "  ", "{} {}", "{")) {
      assertError(raw("POST", "/api/v1/apply", body), 400, "invalid_request");
    }
    for (byte[] notUtf8 : List.of(new byte[] {0, 0, 0, '{'}, new byte[] {(byte) 0xff, '{', '}'})) {
      assertError(
          send("POST", "/api/v1/apply", HttpRequest.BodyPublishers.ofByteArray(notUtf8)),
          400,
          "invalid_request");
    }
    assertThat(
            assertError(
                raw("POST", "/api/v1/apply", "{\"spec\": 3, \"sourceDir\": \"/x\"}"),
                400,
                "invalid_request"))
        .contains("'spec' must be a string, got a number 3");
    assertError(
        raw("POST", "/api/v1/apply", "{\"spec\": \"x\", \"sourceDir\": [\"/a\"]}"),
        400,
        "invalid_request");
    assertError(
        raw("POST", "/api/v1/apply", "{\"spec\": \"x\", \"sourceDir\": true}"),
        400,
        "invalid_request");
    assertThat(
            assertError(
                json("POST", "/api/v1/apply", Map.of("spec", "x", "sourceDir", "/", "sauce", 1)),
                400,
                "invalid_request"))
        .contains("sauce");
    assertError(
        raw("POST", "/api/v1/apply", "{\"spec\": \"x\", \"spec\": \"y\", \"sourceDir\": \"/tmp\"}"),
        400,
        "invalid_request");
    assertError(raw("POST", "/api/v1/apply", "{\"sourceDir\": \"/tmp\"}"), 400, "invalid_request");
    assertNothingDeployed();
  }

  @Test
  void scaleTakesOnlyWholeNumbers() throws Exception {
    deploy();
    String scale = "/api/v1/projects/probe/environments/production/scale";
    for (String body :
        List.of(
            "null",
            "[]",
            "{}",
            "{\"replicas\": null}",
            "{\"replicas\": {}}",
            "{\"replicas\": [1]}",
            "{\"replicas\": \"web=3\"}",
            "{\"replicas\": {\"worker\": 1.5}}",
            "{\"replicas\": {\"worker\": \"3\"}}",
            "{\"replicas\": {\"worker\": 2.0}}",
            "{\"replicas\": {\"worker\": 1e1}}",
            "{\"replicas\": {\"worker\": true}}",
            "{\"replicas\": {\"worker\": null}}",
            "{\"replicas\": {\"worker\": 99999999999}}",
            "{\"replicas\": {\"worker\": 3}, \"extra\": 1}")) {
      HttpResponse<String> r = raw("POST", scale, body);
      assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
      assertThat(Json.mapper().readTree(r.body()).path("error").path("code").asText())
          .as(body)
          .isIn("invalid_request", "invalid_scale");
    }
    assertThat(
            assertError(
                raw("POST", scale, "{\"replicas\": {\"worker\": 1.5}}"), 400, "invalid_request"))
        .contains("replicas.worker")
        .contains("whole number")
        .contains("1.5");
    assertError(raw("POST", scale, "{\"replicas\": {\"worker\": 101}}"), 400, "invalid_scale");
    assertError(raw("POST", scale, "{\"replicas\": {\"worker\": -1}}"), 400, "invalid_scale");
    JsonNode status =
        Json.mapper()
            .readTree(raw("GET", "/api/v1/projects/probe/environments/production", null).body());
    assertThat(status.toString()).contains("\"desired\":1");
    HttpResponse<String> ok = raw("POST", scale, "{\"replicas\": {\"worker\": 2}}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
  }

  @Test
  void aSourceDirThatIsNoPathOrASystemDirectoryIs400() throws Exception {
    assertThat(
            assertError(
                json("POST", "/api/v1/apply", applyBody(app + "/\u0000x")),
                400,
                "invalid_source_dir"))
        .contains("NUL");
    assertError(json("POST", "/api/v1/apply", applyBody("app")), 400, "invalid_source_dir");
    assertError(json("POST", "/api/v1/apply", applyBody("")), 400, "invalid_source_dir");
    Path intoEtc = Files.createSymbolicLink(tmp.resolve("etc-link"), Path.of("/etc"));
    for (String dir :
        List.of(
            "/",
            "/proc",
            "/proc/self",
            "/proc/self/cwd",
            "/sys",
            "/dev",
            "/etc",
            "/usr",
            "/usr/bin",
            "/bin",
            "/tmp/../etc",
            intoEtc.toString())) {
      for (String path : List.of("/api/v1/apply", "/api/v1/apply?dryRun=true")) {
        String m = assertError(json("POST", path, applyBody(dir)), 400, "invalid_source_dir");
        assertThat(m).as(dir).contains("system directory");
      }
    }
    assertNothingDeployed();
  }

  @Test
  void aBodyAboveTheLimitIs413InTheErrorShape() throws Exception {
    byte[] big = new byte[Requests.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThat(
            assertError(
                send("POST", "/api/v1/apply", HttpRequest.BodyPublishers.ofByteArray(big)),
                413,
                "body_too_large"))
        .contains("8 MiB");
    // without a Content-Length (chunked), the limit holds while reading
    assertError(
        send(
            "POST",
            "/api/v1/apply",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))),
        413,
        "body_too_large");
    assertNothingDeployed();
  }

  @Test
  void errorsJavalinAndJettyAnswerThemselvesHaveTheErrorShape() throws Exception {
    assertError(raw("GET", "/api/v1/nothing", null), 404, "not_found");
    assertError(raw("GET", "/api/v1/apply", null), 405, "method_not_allowed");
    assertError(raw("POST", "/api/v1/apply", "{\"spec\": "), 400, "invalid_request");
    // Jetty's own answers, before any handler: a header line without a colon, a huge header
    for (String request :
        List.of(
            "GET /api/v1/environments HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
            "GET /api/v1/environments HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(64 * 1024)
                + "\r\n\r\n")) {
      String response = overSocket(request);
      assertThat(response).startsWith("HTTP/1.1 4");
      assertThat(response).contains("application/json");
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertThat(Json.mapper().readTree(body).path("error").path("code").asText())
          .as(response)
          .isNotBlank();
    }
  }

  @Test
  void twentyConcurrentAppliesOfOneProjectAllSucceedAndTheLastOneRuns() throws Exception {
    int n = 20;
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(n);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(n);
    List<java.util.concurrent.Future<HttpResponse<String>>> calls = new java.util.ArrayList<>();
    try {
      for (int i = 1; i <= n; i++) {
        String spec = SPEC.replace("command: sleep 600", "command: sleep 60" + i);
        calls.add(
            pool.submit(
                () -> {
                  together.await(30, java.util.concurrent.TimeUnit.SECONDS);
                  return json(
                      "POST", "/api/v1/apply", Map.of("spec", spec, "sourceDir", app.toString()));
                }));
      }
      java.util.Set<Long> generations = new java.util.TreeSet<>();
      String lastCommand = null;
      for (int i = 0; i < n; i++) {
        HttpResponse<String> r = calls.get(i).get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        long g = Json.mapper().readTree(r.body()).get("generation").asLong();
        generations.add(g);
        if (g == n) {
          lastCommand = "sleep 60" + (i + 1);
        }
      }
      assertThat(generations).hasSize(n).first().isEqualTo(1L);
      String expected = lastCommand;
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                JsonNode w =
                    Json.mapper()
                        .readTree(
                            raw("GET", "/api/v1/projects/probe/environments/production", null)
                                .body())
                        .path("services")
                        .get(0);
                assertThat(w.path("release").asText()).isEqualTo("v" + n);
                assertThat(w.path("command").asText()).isEqualTo(expected);
                assertThat(w.path("state").asText()).isEqualTo("running");
              });
    } finally {
      pool.shutdownNow();
    }
  }

  String overSocket(String request) throws IOException {
    URI api = URI.create(cp.apiUrl());
    try (Socket s = new Socket(api.getHost(), api.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
