package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.cli.client.ApiClient;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiWarmupTest {

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer api;

  /** An API that records each request and answers 200 with an empty JSON object. */
  @BeforeEach
  void start() throws Exception {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    api.createContext(
        "/",
        x -> {
          seen.add(x.getRequestMethod() + " " + x.getRequestURI());
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  @Test
  void sendsOnlyRequestsThatChangeNothing() {
    ApiClient client = new ApiClient("http://127.0.0.1:" + api.getAddress().getPort(), "t");

    new ApiWarmup(client, "/tmp").run();

    assertThat(seen).isNotEmpty();
    assertThat(seen)
        .allSatisfy(
            request ->
                assertThat(
                        request.startsWith("GET ")
                            || request.startsWith("POST /api/v1/apply?dryRun=true"))
                    .as(request)
                    .isTrue());
    assertThat(seen).anySatisfy(r -> assertThat(r).startsWith("POST /api/v1/apply?dryRun=true"));
  }

  @Test
  void aFailingApiNeverStopsTheWarmUp() {
    ApiClient nobody = new ApiClient("http://127.0.0.1:1", "t");

    new ApiWarmup(nobody, "/tmp").run(); // returns normally: every failure is swallowed

    assertThat(seen).isEmpty();
  }

  @Test
  void warmsUpWithAValidSpecSoTheSuccessPathIsTheOneExercised() throws Exception {
    // An invalid spec would only warm the error path, not the one a user's first apply takes.
    ProjectSpec spec = SpecParser.parse(new SpecSource("berth.yaml", ApiWarmup.SPEC, null));

    assertThat(spec.project()).isEqualTo("berth-warmup");
    assertThat(spec.services()).containsOnlyKeys("web", "worker", "nightly");
  }
}
