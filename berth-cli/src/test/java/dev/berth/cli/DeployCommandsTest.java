package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.cli.term.Prompt;
import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth rollback} and {@code berth promote} name what they would do and ask first; {@code
 * --yes} skips the question; without a terminal they change nothing and exit 2. Against a fake API
 * that records what the CLI sent.
 */
class DeployCommandsTest {
  static final String RESULT =
      """
      {"project": "shop", "environment": "production", "release": "v7", "generation": 7,
       "changed": true, "changes": [{"service": "web", "action": "updated", "detail": "back"}],
       "warnings": []}
      """;

  @TempDir Path dir;
  HttpServer api;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Deque<String> answers = new ArrayDeque<>();
  final List<String> asked = new CopyOnWriteArrayList<>();
  boolean interactive = true;

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/api/v1/projects/shop/",
        x -> {
          String query = x.getRequestURI().getRawQuery();
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              x.getRequestURI().getPath() + (query == null ? "" : "?" + query) + " " + body);
          String out;
          if ("dryRun=true".equals(query)) {
            out =
                x.getRequestURI().getPath().endsWith("/rollback")
                    ? "{\"live\": \"v6\", \"target\": \"v4\"}"
                    : "{\"release\": \"v12\", \"artifact\": \"sha256:"
                        + "ab".repeat(32)
                        + "\", \"targetLive\": \"v3\"}";
          } else {
            out = RESULT;
          }
          byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders("dryRun=true".equals(query) ? 200 : 202, bytes.length);
          x.getResponseBody().write(bytes);
          x.close();
        });
    api.start();
  }

  @AfterEach
  void stopFakeApi() {
    api.stop(0);
  }

  int run(String... args) {
    Term t =
        new Term(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    Prompt prompt =
        new Prompt() {
          @Override
          public boolean interactive() {
            return interactive;
          }

          @Override
          public String readLine(String question) {
            asked.add(question);
            return answers.poll();
          }

          @Override
          public String readSecret(String question) {
            throw new AssertionError("no secrets here");
          }
        };
    Map<String, String> env =
        Map.of(
            "BERTH_URL",
            "http://127.0.0.1:" + api.getAddress().getPort(),
            "BERTH_TOKEN",
            "t",
            "BERTH_CONFIG",
            dir.resolve("config.json").toString());
    return Main.run(new Cli(t, prompt, env, dir), args);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rollbackNamesTheTargetAndAsks() {
    answers.add("y");

    assertThat(run("rollback", "--to", "v4", "-m", "bad form", "--no-wait")).isZero();

    assertThat(asked)
        .containsExactly(
            "Roll shop/production back from v6 to v4? It is deployed as a new release. [y/N] ");
    assertThat(requests)
        .containsExactly(
            "/api/v1/projects/shop/environments/production/rollback?dryRun=true"
                + " {\"to\":\"v4\",\"message\":\"bad form\"}",
            "/api/v1/projects/shop/environments/production/rollback"
                + " {\"to\":\"v4\",\"message\":\"bad form\"}");
    assertThat(err()).contains("Rolling shop/production back", "v7", "web", "updated");
  }

  @Test
  void rollbackWithoutATerminalNeedsYesAndChangesNothing() {
    interactive = false;

    assertThat(run("rollback")).isEqualTo(2);

    assertThat(err()).contains("--yes", "v4");
    assertThat(requests).hasSize(1).allMatch(r -> r.contains("dryRun=true"));
    interactive = true;
  }

  @Test
  void anAnswerOtherThanYesRollsNothingBack() {
    answers.add("n");

    assertThat(run("rollback")).isEqualTo(1);

    assertThat(err()).contains("nothing was rolled back");
    assertThat(requests).hasSize(1);
  }

  @Test
  void promoteNamesTheSourceReleaseAndWithYesGoesStraightOn() {
    answers.add("y");
    assertThat(run("promote", "--from", "staging", "--to", "production", "--no-wait")).isZero();
    assertThat(asked.get(0))
        .isEqualTo(
            "Promote shop/staging v12 (sha256:abababababab) to shop/production, where v3 is"
                + " live? [y/N] ");

    requests.clear();
    interactive = false;
    assertThat(run("promote", "--from", "staging", "--to", "production", "--yes", "--no-wait"))
        .isZero();
    assertThat(requests)
        .containsExactly(
            "/api/v1/projects/shop/promote"
                + " {\"from\":\"staging\",\"to\":\"production\",\"message\":null}");
  }
}
