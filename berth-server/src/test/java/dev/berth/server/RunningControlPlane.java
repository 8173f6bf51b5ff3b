package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import dev.berth.server.auth.AdminToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A real control plane on free ports for integration tests, with an admin token and small HTTP
 * helpers: {@link #call} for any response, {@link #json} for a successful one, {@link #viaRouter}
 * for the router. Close it after each test.
 */
final class RunningControlPlane implements AutoCloseable {
  final ControlPlane cp;
  final String token;
  final HttpClient http = HttpClient.newHttpClient();

  RunningControlPlane(Path tmp) throws java.io.IOException {
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

  HttpResponse<String> call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cp.apiUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("X-Berth-User", "tester");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String method, String path, Object body) throws Exception {
    HttpResponse<String> r = call(method, path, body);
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return Json.mapper().readTree(r.body());
  }

  HttpResponse<String> viaRouter(String host) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cp.routerPort() + "/"))
            .header("Host", host)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    cp.close();
  }
}
