package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
  FakeApiCli cli;

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    cli =
        new FakeApiCli(dir)
            .handle(
                "/api/v1/projects/shop/",
                x -> {
                  boolean dryRun = "dryRun=true".equals(x.getRequestURI().getRawQuery());
                  String out;
                  if (dryRun) {
                    out =
                        x.getRequestURI().getPath().endsWith("/rollback")
                            ? "{\"live\": \"v6\", \"target\": \"v4\"}"
                            : "{\"release\": \"v12\", \"artifact\": \"sha256:"
                                + "ab".repeat(32)
                                + "\", \"targetLive\": \"v3\"}";
                  } else {
                    out = RESULT;
                  }
                  FakeApiCli.respond(x, dryRun ? 200 : 202, "application/json", out);
                })
            .start();
  }

  @AfterEach
  void stopFakeApi() {
    cli.close();
  }

  int run(String... args) {
    return cli.run(args);
  }

  String err() {
    return cli.err();
  }

  @Test
  void rollbackNamesTheTargetAndAsks() {
    cli.answers.add("y");

    assertThat(run("rollback", "--to", "v4", "-m", "bad form", "--no-wait")).isZero();

    assertThat(cli.asked)
        .containsExactly(
            "Roll shop/production back from v6 to v4? It is deployed as a new release. [y/N] ");
    assertThat(cli.requests)
        .containsExactly(
            "/api/v1/projects/shop/environments/production/rollback?dryRun=true"
                + " {\"to\":\"v4\",\"message\":\"bad form\"}",
            "/api/v1/projects/shop/environments/production/rollback"
                + " {\"to\":\"v4\",\"message\":\"bad form\"}");
    assertThat(err()).contains("Rolling shop/production back", "v7", "web", "updated");
  }

  @Test
  void rollbackWithoutATerminalNeedsYesAndChangesNothing() {
    cli.interactive = false;

    assertThat(run("rollback")).isEqualTo(2);

    assertThat(err()).contains("--yes", "v4");
    assertThat(cli.requests).hasSize(1).allMatch(r -> r.contains("dryRun=true"));
    cli.interactive = true;
  }

  @Test
  void anAnswerOtherThanYesRollsNothingBack() {
    cli.answers.add("n");

    assertThat(run("rollback")).isEqualTo(1);

    assertThat(err()).contains("nothing was rolled back");
    assertThat(cli.requests).hasSize(1);
  }

  @Test
  void promoteNamesTheSourceReleaseAndWithYesGoesStraightOn() {
    cli.answers.add("y");
    assertThat(run("promote", "--from", "staging", "--to", "production", "--no-wait")).isZero();
    assertThat(cli.asked.get(0))
        .isEqualTo(
            "Promote shop/staging v12 (sha256:abababababab) to shop/production, where v3 is"
                + " live? [y/N] ");

    cli.requests.clear();
    cli.interactive = false;
    assertThat(run("promote", "--from", "staging", "--to", "production", "--yes", "--no-wait"))
        .isZero();
    assertThat(cli.requests)
        .containsExactly(
            "/api/v1/projects/shop/promote"
                + " {\"from\":\"staging\",\"to\":\"production\",\"message\":null}");
  }
}
