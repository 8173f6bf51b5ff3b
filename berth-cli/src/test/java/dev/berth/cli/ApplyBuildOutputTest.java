package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth apply} shows the build's output as the server streams it (NDJSON), on stderr so that
 * {@code -o json} keeps stdout machine-readable, and ends with the outcome the last line carries.
 * Against a fake API.
 */
class ApplyBuildOutputTest {
  static final String RESULT =
      "{\"project\": \"shop\", \"environment\": \"production\", \"release\": \"v2\","
          + " \"generation\": 2, \"changed\": true, \"changes\": [], \"warnings\": []}";

  /** --yes: nothing is asked. */
  static final Prompt NO_PROMPT =
      new Prompt() {
        @Override
        public boolean interactive() {
          return false;
        }

        @Override
        public String readLine(String question) {
          throw new AssertionError("asked " + question);
        }

        @Override
        public String readSecret(String question) {
          throw new AssertionError("asked " + question);
        }
      };

  @TempDir Path dir;
  HttpServer api;
  String answer;
  final List<String> accepts = new CopyOnWriteArrayList<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/api/v1/apply",
        x -> {
          accepts.add(String.valueOf(x.getRequestHeaders().getFirst("Accept")));
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/x-ndjson");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    api.createContext(
        "/api/v1/artifacts",
        x -> {
          x.sendResponseHeaders(200, -1);
          x.close();
        });
    api.start();
  }

  @AfterEach
  void stopFakeApi() {
    api.stop(0);
  }

  int apply(String... more) {
    Term t =
        new Term(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    Map<String, String> env =
        Map.of(
            "BERTH_URL",
            "http://127.0.0.1:" + api.getAddress().getPort(),
            "BERTH_TOKEN",
            "t",
            "BERTH_CONFIG",
            dir.resolve("config.json").toString());
    String[] args = new String[more.length + 3];
    args[0] = "apply";
    args[1] = "--no-wait";
    args[2] = "--yes";
    System.arraycopy(more, 0, args, 3, more.length);
    return Main.run(new Cli(t, NO_PROMPT, env, dir), args);
  }

  @Test
  void buildLinesArePrintedAsTheyComeThenTheOutcome() {
    answer =
        "{\"build\":\"compiling\"}\n{\"build\":\"linking\"}\n{\"status\":202,\"result\":"
            + RESULT
            + "}\n";

    assertThat(apply()).isEqualTo(0);

    assertThat(accepts).allMatch(a -> a.contains("application/x-ndjson"));
    String e = err.toString(StandardCharsets.UTF_8);
    assertThat(e).contains("build | compiling\n", "build | linking\n");
    assertThat(e.indexOf("linking")).isLessThan(e.indexOf("Applied shop/production"));
    assertThat(e).contains("-> release v2");
  }

  @Test
  void aBuildThatFailsEndsWithTheServersErrorAndExitsOne() {
    answer =
        "{\"build\":\"no compiler here\"}\n{\"status\":409,\"error\":{\"code\":\"build_failed\","
            + "\"message\":\"the build failed, nothing was deployed: exited with status 2\","
            + "\"details\":[]}}\n";

    assertThat(apply()).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("build | no compiler here", "the build failed, nothing was deployed");
  }

  @Test
  void withJsonOutputStdoutHoldsOnlyTheResult() throws Exception {
    answer = "{\"build\":\"compiling\"}\n{\"status\":202,\"result\":" + RESULT + "}\n";

    assertThat(apply("-o", "json")).isEqualTo(0);

    assertThat(
            new ObjectMapper()
                .readTree(out.toString(StandardCharsets.UTF_8))
                .path("release")
                .asText())
        .isEqualTo("v2");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("build | compiling");
  }
}
