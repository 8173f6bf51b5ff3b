package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI finds its config through the environment it is given, never Java's user.home. */
@org.junit.jupiter.api.Timeout(120)
class HomeEnvironmentTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> env, String... args) {
    Term t =
        new Term(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    return Main.run(new Cli(t, env, dir), args);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutHomeOrBerthConfigACommandSaysWhatToSet() {
    assertThat(run(Map.of(), "status", "--project", "x")).isEqualTo(2);
    assertThat(err()).contains("HOME is not set").contains("BERTH_CONFIG").contains("BERTH_URL");
  }

  @Test
  void withoutHomeBerthUpSaysWhatToSetBeforeStartingAnything() {
    assertThat(run(Map.of(), "up", "--api-port", "0", "--router-port", "0")).isEqualTo(2);
    assertThat(err()).contains("HOME is not set").contains("--data-dir");
  }

  @Test
  void urlAndTokenFromTheEnvironmentNeedNoHome() {
    // gets as far as calling the API, which is not there: exit 3, not a complaint about HOME
    int exit =
        run(
            Map.of("BERTH_URL", "http://127.0.0.1:1", "BERTH_TOKEN", "t"),
            "status",
            "--project",
            "x");
    assertThat(exit).isEqualTo(3);
    assertThat(err()).doesNotContain("HOME");
  }

  @Test
  void theConfigUnderHomeIsTheOneRead() {
    // HOME points at an empty directory: the message names the config file there
    assertThat(run(Map.of("HOME", dir.toString()), "status", "--project", "x")).isEqualTo(3);
    assertThat(err()).contains(dir.resolve(".berth/config.json").toString());
  }

  @Test
  void xdgConfigHomeIsReadBeforeHome() {
    Path xdg = dir.resolve("xdg");
    assertThat(
            run(
                Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", xdg.toString()),
                "status",
                "--project",
                "x"))
        .isEqualTo(3);
    assertThat(err()).contains(xdg.resolve("berth/config.json").toString());
  }
}
