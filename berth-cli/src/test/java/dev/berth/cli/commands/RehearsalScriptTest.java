package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.cli.client.ApiClient;
import dev.berth.cli.commands.RehearsalScript.Step;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rehearsal's requests against a scripted API and router: what it sends, in which order, where
 * it opens the stand-in, and that a failing or slow API ends it quietly.
 */
class RehearsalScriptTest {

  private static final int WEB_PORT = 45678;
  private static final int API_PORT = 45679;

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<String> standIns = new CopyOnWriteArrayList<>();
  private final List<String> routerHosts = new CopyOnWriteArrayList<>();
  private final AtomicInteger statusReads = new AtomicInteger();
  private volatile int readyAfterReads = 3;
  private HttpServer api;
  private HttpServer router;

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    api.createContext("/", this::answerApi);
    api.start();
    router = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    router.createContext(
        "/",
        x -> {
          routerHosts.add(x.getRequestHeaders().getFirst("Host"));
          reply(x, 200, "ok");
        });
    router.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
    router.stop(0);
  }

  /**
   * An environment whose two web replicas get their ports on the second read and are ready on the
   * third; the worker has no port.
   */
  private void answerApi(HttpExchange x) throws IOException {
    String request = x.getRequestMethod() + " " + x.getRequestURI();
    seen.add(request);
    if (request.equals("GET " + RehearsalScript.ENV_PATH)) {
      int n = statusReads.incrementAndGet();
      int port = n >= 2 ? WEB_PORT : 0;
      boolean ready = n >= readyAfterReads;
      reply(
          x,
          200,
          """
          {"services": [
            {"name": "web", "desired": 1, "ready": %d, "state": "%s",
             "replicas": [{"id": "web-1", "port": %d}]},
            {"name": "api", "desired": 1, "ready": 1, "state": "running",
             "replicas": [{"id": "api-1", "port": %d}]},
            {"name": "worker", "desired": 1, "ready": 1, "state": "running",
             "replicas": [{"id": "worker-1", "port": 0}]}]}
          """
              .formatted(
                  ready ? 1 : 0, ready ? "running" : "starting", port, port == 0 ? 0 : API_PORT));
    } else if (request.equals("GET " + RehearsalScript.ENV_PATH + "/replicas")) {
      reply(x, 200, "[]");
    } else {
      reply(x, 200, "{}");
    }
  }

  private static void reply(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private RehearsalScript script(String apiUrl, Duration timeout) {
    return new RehearsalScript(
        new ApiClient(apiUrl, "t"),
        "/tmp",
        router.getAddress().getPort(),
        port -> {
          standIns.add("open " + port);
          return () -> standIns.add("close " + port);
        },
        Clock.systemUTC(),
        timeout);
  }

  private String apiUrl() {
    return "http://127.0.0.1:" + api.getAddress().getPort();
  }

  @Test
  void runsAWholeFirstSessionAgainstTheApiItIsGiven() throws Exception {
    var done = script(apiUrl(), Duration.ofSeconds(10)).run();

    assertThat(done).containsExactly(Step.values());
    assertThat(seen.get(0)).isEqualTo("POST /api/v1/apply?dryRun=true");
    assertThat(seen.get(1)).isEqualTo("POST /api/v1/apply");
    assertThat(seen).contains("DELETE " + RehearsalScript.ENV_PATH);
    assertThat(seen.indexOf("DELETE " + RehearsalScript.ENV_PATH))
        .isGreaterThan(seen.lastIndexOf("GET " + RehearsalScript.ENV_PATH));
    assertThat(seen.get(seen.size() - 1))
        .isEqualTo("GET " + RehearsalScript.ENV_PATH + "/replicas");
    // a stand-in opens on each port the runtime gave a replica, once, and closes at the end
    assertThat(standIns)
        .containsExactly(
            "open " + WEB_PORT, "open " + API_PORT, "close " + WEB_PORT, "close " + API_PORT);
    assertThat(routerHosts).containsExactly("web.production.berth-rehearsal.localhost");
  }

  @Test
  void replicasThatNeverBecomeReadyEndTheWaitAtTheTimeoutAndTheEnvironmentIsStillDestroyed()
      throws Exception {
    readyAfterReads = Integer.MAX_VALUE;

    var done = script(apiUrl(), Duration.ofMillis(200)).run();

    assertThat(done)
        .contains(Step.VALIDATED, Step.APPLIED, Step.DESTROYED, Step.STOPPED)
        .doesNotContain(Step.READY, Step.ROUTED);
    assertThat(routerHosts).isEmpty();
    assertThat(standIns).contains("open " + WEB_PORT, "close " + WEB_PORT);
  }

  @Test
  void anUnreachableApiEndsTheScriptQuietly() throws Exception {
    var done = script("http://127.0.0.1:1", Duration.ofSeconds(1)).run();

    assertThat(done).isEmpty();
    assertThat(standIns).isEmpty();
  }

  @Test
  void bothSpecsAreValidSoTheSuccessPathsAreTheOnesExercised() throws Exception {
    // An invalid spec would only warm the error path, not the one a user's first apply takes.
    ProjectSpec dryRun =
        SpecParser.parse(new SpecSource("berth.yaml", RehearsalScript.DRY_RUN_SPEC, null));
    ProjectSpec applied =
        SpecParser.parse(new SpecSource("berth.yaml", RehearsalScript.SPEC, null));

    assertThat(dryRun.project()).isEqualTo(RehearsalScript.PROJECT);
    assertThat(dryRun.services()).containsOnlyKeys("web", "worker", "nightly");
    assertThat(applied.project()).isEqualTo(RehearsalScript.PROJECT);
    assertThat(applied.services()).containsOnlyKeys("web", "api", "worker");
  }
}
