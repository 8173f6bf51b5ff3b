package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's contract: exit codes 2 for bad input, 3 for no server, messages on stderr. */
class CliExitCodesTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> env, String... args) {
    Term t =
        new Term(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    return Main.run(new Cli(t, env, dir), args);
  }

  int run(String... args) {
    return run(Map.of("BERTH_CONFIG", dir.resolve("none.json").toString()), args);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownCommandOrFlagIsInvalidInputWithASuggestion() {
    assertThat(run("stauts")).isEqualTo(2);
    assertThat(err()).contains("status");
    assertThat(run("status", "--bogus")).isEqualTo(2);
  }

  @Test
  void withoutAServerConfiguredCommandsExitThreeAndSayHowToStartOne() {
    assertThat(run("status", "--project", "x")).isEqualTo(3);
    assertThat(err()).contains("berth up").contains("berth login");
    assertThat(out.size()).isZero();
  }

  @Test
  void anUnreachableServerIsExitThree() {
    assertThat(
            run(
                Map.of("BERTH_URL", "http://127.0.0.1:1", "BERTH_TOKEN", "t"),
                "status",
                "--project",
                "x"))
        .isEqualTo(3);
    assertThat(err()).contains("cannot reach the Berth API at http://127.0.0.1:1");
  }

  @Test
  void badArgumentsAreExitTwoBeforeAnyCall() {
    assertThat(run("scale", "web", "--project", "x")).isEqualTo(2);
    assertThat(err()).contains("'web' is not SERVICE=N");
    assertThat(run("scale", "web=1", "web=2", "--project", "x")).isEqualTo(2);
    assertThat(run("status", "-o", "yaml", "--project", "x")).isEqualTo(2);
    assertThat(run("logs", "web")).isEqualTo(2);
    assertThat(err()).contains("which project?");
    assertThat(run("destroy", "--project", "x")).isEqualTo(2);
    assertThat(run("apply")).isEqualTo(2);
    assertThat(err()).contains("no spec at").contains("berth init");
    assertThat(run("apply", "-f", "x.yaml", "--timeout", "soon")).isEqualTo(2);
  }

  @Test
  void initWritesASpecFromTheProcfileAndRefusesToOverwrite() throws Exception {
    assertThat(run("init")).isEqualTo(2);
    assertThat(err()).contains("no Procfile");
    Files.writeString(dir.resolve("Procfile"), "web: python3 app.py\nworker: ./work\n");
    assertThat(run("init", "--project", "shop")).isZero();
    assertThat(Files.readString(dir.resolve("berth.yaml")))
        .contains("project: shop")
        .contains("web:")
        .contains("worker:");
    assertThat(run("init")).isEqualTo(2);
    assertThat(err()).contains("--force");
  }

  @Test
  void upRefusesAnUnusableDataDirectoryWithExitOne() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThat(
            run(
                "up",
                "--data-dir",
                file.resolve("sub").toString(),
                "--api-port",
                "0",
                "--router-port",
                "0"))
        .isEqualTo(1);
    assertThat(err()).contains("cannot use data directory").contains("--data-dir");
  }

  @Test
  void versionAndHelpSucceed() {
    assertThat(run("--version")).isZero();
    assertThat(run("apply", "--help")).isZero();
  }
}
