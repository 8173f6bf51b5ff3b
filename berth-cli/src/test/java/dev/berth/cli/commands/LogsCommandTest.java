package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.Cli;
import dev.berth.cli.Main;
import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    Term t =
        new Term(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    return Main.run(
        new Cli(t, Map.of("BERTH_CONFIG", dir.resolve("none.json").toString()), dir), args);
  }

  @Test
  void moreLinesThanOneReadReturnsIsRefusedWithTheLimit() {
    assertThat(run("logs", "web", "-n", "100001", "--project", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--lines must be between 1 and 100000");
    assertThat(run("logs", "web", "-n", "0", "--project", "x")).isEqualTo(2);
  }

  @Test
  void aReleaseLogGoesWithoutAServiceAndWithoutFollowing() {
    assertThat(run("logs", "--project", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("name a service", "--release vN");
    assertThat(run("logs", "web", "--release", "v3", "--project", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("drop web");
    assertThat(run("logs", "--release", "v3", "-f", "--project", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("without --follow");
  }
}
