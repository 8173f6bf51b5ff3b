package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.server.api.Json;
import dev.berth.server.log.RedactingLayout;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The proof that a secret never leaks from what Berth itself writes: a secret is planted, then an
 * apply runs a build that echoes it, a release command that prints it, the control plane logs it
 * and an event mentions it, and every output is searched for the value: the server log, the API's
 * answers (status, releases, events, audit, release log, the streamed build, an error), and every
 * file under the data directory (database included). The replica itself gets the value (it answers
 * with its hash), over the spec's own {@code env:} entry of the same name.
 */
class ConfigLeakIT {
  static final String SECRET = "pl4nted-s3cret-" + Long.toHexString(System.nanoTime());
  static final String ENV = "/api/v1/projects/leaky/environments/production";
  static final String SPEC =
      """
      project: leaky
      services:
        web:
          type: web
          command: python3 app.py
          health: {http: /, interval: 200ms}
          env: {API_TOKEN: from-the-spec}
      build:
        command: echo "building with token $API_TOKEN"
      release:
        command: echo "migrating with $API_TOKEN"; echo "and on stderr $API_TOKEN" >&2
      """;

  @TempDir Path tmp;
  Path app;
  RunningControlPlane api;
  final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
  OutputStreamAppender<ILoggingEvent> capture;

  @BeforeEach
  void start() throws Exception {
    app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(
        app.resolve("app.py"),
        """
        import hashlib, http.server, os
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = hashlib.sha256(os.environ["API_TOKEN"].encode()).hexdigest().encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *a):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
        """);
    captureServerLog();
    api = new RunningControlPlane(tmp);
  }

  /** Every line the control plane logs, through the encoder of the real logback.xml. */
  @SuppressWarnings("unchecked")
  void captureServerLog() {
    LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    LayoutWrappingEncoder<ILoggingEvent> configured =
        (LayoutWrappingEncoder<ILoggingEvent>) console.getEncoder();
    assertThat(configured.getLayout()).isInstanceOf(RedactingLayout.class);
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(lc);
    encoder.setLayout(configured.getLayout());
    encoder.start();
    capture = new OutputStreamAppender<>();
    capture.setContext(lc);
    capture.setEncoder(encoder);
    capture.setOutputStream(serverLog);
    capture.start();
    root.addAppender(capture);
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
    if (capture != null) {
      ((LoggerContext) LoggerFactory.getILoggerFactory())
          .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
          .detachAppender(capture);
    }
  }

  @Test
  void aPlantedSecretAppearsInNoOutputOfBerth() throws Exception {
    List<String> outputs = new ArrayList<>();
    JsonNode set =
        api.json(
            "POST", ENV + "/config", Map.of("vars", Map.of("API_TOKEN", SECRET), "secret", true));
    outputs.add(set.toString());

    // the apply, its build's output streamed to the client as the CLI reads it
    HttpResponse<Stream<String>> applied =
        api.http.send(
            HttpRequest.newBuilder(URI.create(api.cp.apiUrl() + "/api/v1/apply"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + api.token)
                .header("Accept", "application/x-ndjson, application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.mapper()
                            .writeValueAsString(Map.of("spec", SPEC, "sourceDir", app.toString()))))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    List<String> streamed = applied.body().toList();
    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(streamed).anyMatch(l -> l.contains("building with token (sensitive)"));
    outputs.addAll(streamed);

    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> api.json("GET", ENV, null).path("latest").path("status").asText().equals("live"));
    // the replica got the secret, over the spec's env entry of the same name
    assertThat(api.viaRouter("web.production.leaky.localhost").body()).isEqualTo(sha256(SECRET));

    // Berth's own log, and an event mentioning the value (as an error message quoting it would)
    LoggerFactory.getLogger(ConfigLeakIT.class).warn("the token is {}", SECRET);
    api.cp
        .store()
        .write(
            tx ->
                tx.events()
                    .append(
                        Event.of(
                            Instant.now(),
                            new EnvironmentKey("leaky", "production"),
                            "Planted",
                            "an event quoting " + SECRET)));
    // an API error whose message quotes the value
    HttpResponse<String> error =
        api.call("POST", ENV + "/config", Map.of("vars", Map.of(SECRET + "-x", "1")));
    assertThat(error.statusCode()).isEqualTo(400);
    outputs.add(error.body());
    assertThat(error.body()).contains("(sensitive)-x");

    JsonNode releaseLog = api.json("GET", ENV + "/releases/v1/log", null);
    assertThat(releaseLog.toString())
        .contains("migrating with (sensitive)", "on stderr (sensitive)");
    outputs.add(releaseLog.toString());
    JsonNode events = api.json("GET", "/api/v1/events?limit=10000", null);
    assertThat(events.toString()).contains("an event quoting (sensitive)");
    outputs.add(events.toString());
    for (String path :
        List.of(
            ENV,
            ENV + "/releases",
            ENV + "/releases/v1",
            "/api/v1/audit?limit=10000",
            ENV + "/config",
            "/api/v1/environments")) {
      outputs.add(api.call("GET", path, null).body());
    }

    assertThat(outputs).allSatisfy(o -> assertThat(o).doesNotContain(SECRET));
    String log = serverLog.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("the token is (sensitive)").doesNotContain(SECRET);
    assertThat(filesContaining(tmp.resolve("data"), SECRET))
        .as("files under the data directory holding the secret (database, build and release logs)")
        .isEmpty();

    // and the admin token can still read it back, once, audited
    assertThat(api.json("GET", ENV + "/config?reveal=true", null).toString()).contains(SECRET);
    assertThat(api.json("GET", "/api/v1/audit?limit=10000", null).toString())
        .contains("config-reveal")
        .doesNotContain(SECRET);
  }

  static List<Path> filesContaining(Path root, String needle) throws Exception {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        byte[] b;
        try {
          b = Files.readAllBytes(p);
        } catch (java.io.IOException gone) {
          continue;
        }
        if (indexOf(b, n) >= 0) {
          found.add(root.relativize(p));
        }
      }
    }
    return found;
  }

  static int indexOf(byte[] hay, byte[] n) {
    outer:
    for (int i = 0; i + n.length <= hay.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (hay[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
