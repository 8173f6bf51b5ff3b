package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth apply} asks before a change the server's dry run marks destructive, {@code --yes}
 * skips the question, and without a terminal it applies nothing and exits 2. Against a fake API
 * that records what the CLI sent.
 */
class ApplyConfirmationTest {
  static final String DESTRUCTIVE_PLAN =
      """
      {"valid": true, "project": "shop", "environment": "production", "services": ["web"],
       "changed": true,
       "changes": [
         {"service": "web", "action": "scaled", "detail": "replicas 3 -> 1", "destructive": true},
         {"service": "worker", "action": "removed", "detail": "its replicas will be stopped",
          "destructive": true}]}
      """;
  static final String HARMLESS_PLAN =
      """
      {"valid": true, "project": "shop", "environment": "production", "services": ["web"],
       "changed": true,
       "changes": [{"service": "web", "action": "scaled", "detail": "replicas 1 -> 3",
                    "destructive": false}]}
      """;
  static final String APPLIED =
      """
      {"project": "shop", "environment": "production", "release": "v2", "generation": 2,
       "changed": true, "changes": [], "warnings": []}
      """;

  @TempDir Path dir;
  FakeApiCli cli;
  volatile String plan = DESTRUCTIVE_PLAN;

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    cli =
        new FakeApiCli(dir)
            .handle(
                "/api/v1/apply",
                x -> {
                  boolean dryRun = "dryRun=true".equals(x.getRequestURI().getRawQuery());
                  FakeApiCli.respond(
                      x, dryRun ? 200 : 202, "application/json", dryRun ? plan : APPLIED);
                })
            // the code is on the control plane already: nothing is uploaded
            .handle("/api/v1/artifacts", x -> FakeApiCli.respond(x, 200, "text/plain", ""))
            .start();
  }

  @AfterEach
  void stopFakeApi() {
    cli.close();
  }

  int apply(String... more) {
    String[] args = new String[more.length + 2];
    args[0] = "apply";
    args[1] = "--no-wait";
    System.arraycopy(more, 0, args, 2, more.length);
    return cli.run(args);
  }

  String err() {
    return cli.err();
  }

  /** The apply calls made (the artifact check before them aside). */
  java.util.List<String> applies() {
    return cli.paths().stream().filter(p -> p.startsWith("/api/v1/apply")).toList();
  }

  @Test
  void withoutATerminalADestructiveApplyNeedsYesAndAppliesNothing() {
    cli.interactive = false;

    assertThat(apply()).isEqualTo(2);

    assertThat(err())
        .contains("--yes")
        .contains("web scaled (replicas 3 -> 1)")
        .contains("worker removed")
        .contains("Nothing was applied");
    assertThat(applies()).containsExactly("/api/v1/apply?dryRun=true");
    assertThat(cli.asked).isEmpty();
  }

  @Test
  void yesAppliesADestructiveChangeWithoutAskingEvenWithoutATerminal() {
    cli.interactive = false;

    assertThat(apply("--yes")).isEqualTo(0);

    assertThat(applies()).containsExactly("/api/v1/apply");
    assertThat(cli.asked).isEmpty();
  }

  @Test
  void onATerminalItAsksAndAnythingButYesAppliesNothing() {
    cli.answers.add("");

    assertThat(apply()).isEqualTo(1);

    assertThat(cli.asked).containsExactly("Apply it? [y/N] ");
    assertThat(err()).contains("stops running replicas of shop/production", "worker", "removed");
    assertThat(err()).contains("not confirmed; nothing was applied");
    assertThat(applies()).containsExactly("/api/v1/apply?dryRun=true");
  }

  @Test
  void onATerminalYesGoesAhead() {
    cli.answers.add(" Y ");

    assertThat(apply()).isEqualTo(0);

    assertThat(applies()).containsExactly("/api/v1/apply?dryRun=true", "/api/v1/apply");
  }

  @Test
  void aChangeThatStopsNothingIsAppliedWithoutAskingEvenWithoutATerminal() {
    plan = HARMLESS_PLAN;
    cli.interactive = false;

    assertThat(apply()).isEqualTo(0);

    assertThat(applies()).containsExactly("/api/v1/apply?dryRun=true", "/api/v1/apply");
    assertThat(cli.asked).isEmpty();
  }

  @Test
  void aDryRunShowsThePlanAndAppliesNothing() {
    assertThat(apply("--dry-run")).isEqualTo(0);

    assertThat(err()).contains("valid", "would change", "replicas 3 -> 1", "removed");
    assertThat(applies()).containsExactly("/api/v1/apply?dryRun=true");
  }
}
