package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth env ...} and {@code berth token ...} against a fake API that records requests. */
class EnvTokenCommandsTest {
  static final String SOURCE =
      "{\"key\": {\"project\": \"shop\", \"environment\": \"staging\"}, \"url\":"
          + " \"https://git.example/shop.git\", \"branch\": \"main\", \"path\": \"berth.yaml\","
          + " \"state\": \"out-of-sync\", \"observedCommit\": \"abcdef0123\", \"syncedCommit\": \"\","
          + " \"syncedMessage\": \"\", \"plan\": \"web created\", \"error\": \"\"}";

  @TempDir Path dir;
  FakeApiCli cli;
  final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    cli =
        new FakeApiCli(dir)
            .handle(
                "/api/v1/",
                x -> {
                  String path = x.getRequestURI().getPath();
                  requests.add(x.getRequestMethod() + " " + path);
                  String body =
                      path.endsWith("/source")
                          ? SOURCE
                          : path.equals("/api/v1/envs") && x.getRequestMethod().equals("GET")
                              ? "[{\"project\": \"shop\", \"environment\": \"staging\", \"release\":"
                                  + " \"v3\", \"status\": \"live\", \"source\": "
                                  + SOURCE
                                  + "}]"
                              : path.equals("/api/v1/tokens") && x.getRequestMethod().equals("POST")
                                  ? "{\"id\": 2, \"token\": \"berth_secret\", \"role\": \"deploy\","
                                      + " \"scope\": \"shop/staging\", \"expiresAt\": null}"
                                  : path.startsWith("/api/v1/envs/")
                                      ? "{\"destroying\": [\"web\"]}"
                                      : "{\"release\": \"v1\"}";
                  FakeApiCli.respond(x, 200, "application/json", body);
                })
            .start();
  }

  @AfterEach
  void stop() {
    cli.close();
  }

  @Test
  void listStatusTrackAndCreate() {
    assertThat(cli.run("env", "list")).isZero();
    assertThat(cli.out()).contains("staging", "v3", "out-of-sync");
    assertThat(cli.run("env", "status", "staging")).isZero();
    assertThat(cli.out()).contains("web created", "abcdef0");
    assertThat(
            cli.run(
                "env", "track", "staging", "--git", "https://git.example/shop.git", "--auto-sync"))
        .isZero();
    assertThat(cli.run("env", "create", "preview-42", "--from", "staging")).isZero();
    assertThat(requests)
        .containsExactly(
            "GET /api/v1/envs",
            "GET /api/v1/projects/shop/environments/staging/source",
            "PUT /api/v1/projects/shop/environments/staging/source",
            "POST /api/v1/envs");
  }

  @Test
  void deleteAsksOrNeedsYesWithoutATerminal() {
    cli.interactive = false;
    assertThat(cli.run("env", "delete", "preview-42")).isEqualTo(2);
    assertThat(requests).isEmpty();
    assertThat(cli.run("env", "delete", "preview-42", "--yes")).isZero();
    assertThat(requests).containsExactly("DELETE /api/v1/envs/shop/preview-42");
  }

  @Test
  void tokenCreatePrintsTheTokenOnceOnStdout() {
    assertThat(
            cli.run(
                "token",
                "create",
                "--scope",
                "shop/staging",
                "--role",
                "deploy",
                "--expires",
                "30d"))
        .isZero();
    assertThat(cli.out()).contains("berth_secret");
    assertThat(requests).containsExactly("POST /api/v1/tokens");
  }
}
