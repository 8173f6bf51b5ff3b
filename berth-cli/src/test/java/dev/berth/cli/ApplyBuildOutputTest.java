package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @TempDir Path dir;
  FakeApiCli cli;
  volatile String answer;
  volatile String accept;

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    cli =
        new FakeApiCli(dir)
            .handle(
                "/api/v1/apply",
                x -> {
                  accept = x.getRequestHeaders().getFirst("Accept");
                  FakeApiCli.respond(x, 200, "application/x-ndjson", answer);
                })
            .handle("/api/v1/artifacts", x -> FakeApiCli.respond(x, 200, "text/plain", ""))
            .start();
  }

  @AfterEach
  void stopFakeApi() {
    cli.close();
  }

  int apply(String... more) {
    String[] args = new String[more.length + 3];
    args[0] = "apply";
    args[1] = "--no-wait";
    args[2] = "--yes";
    System.arraycopy(more, 0, args, 3, more.length);
    return cli.run(args);
  }

  @Test
  void buildLinesArePrintedAsTheyComeThenTheOutcome() {
    answer =
        "{\"build\":\"compiling\"}\n{\"build\":\"linking\"}\n{\"status\":202,\"result\":"
            + RESULT
            + "}\n";

    assertThat(apply()).isEqualTo(0);

    assertThat(accept).contains("application/x-ndjson");
    String e = cli.err();
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

    assertThat(cli.err())
        .contains("build | no compiler here", "the build failed, nothing was deployed");
  }

  @Test
  void withJsonOutputStdoutHoldsOnlyTheResult() throws Exception {
    answer = "{\"build\":\"compiling\"}\n{\"status\":202,\"result\":" + RESULT + "}\n";

    assertThat(apply("-o", "json")).isEqualTo(0);

    assertThat(new ObjectMapper().readTree(cli.out()).path("release").asText()).isEqualTo("v2");
    assertThat(cli.err()).contains("build | compiling");
  }
}
