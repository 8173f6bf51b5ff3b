package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.term.Prompt;
import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that ask: destroy's confirmation and login's token, answered by a script. */
class PromptingCommandsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Scripted prompt = new Scripted();

  /** A server nobody listens on: a command that gets past its prompt fails with exit 3. */
  private int run(String... args) {
    Term t =
        new Term(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    Map<String, String> env =
        Map.of(
            "BERTH_URL", "http://127.0.0.1:1",
            "BERTH_TOKEN", "t",
            "BERTH_CONFIG", dir.resolve("config.json").toString());
    return Main.run(new Cli(t, prompt, env, dir), args);
  }

  @Test
  void destroyWithoutATerminalNeedsYes() {
    prompt.interactive = false;

    assertThat(run("destroy", "--env", "staging", "--project", "lms")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--yes");
    assertThat(prompt.asked).isEmpty();
  }

  @Test
  void destroyAsksForTheEnvironmentNameAndStopsOnAnyOtherAnswer() {
    prompt.answers.add("production");

    assertThat(run("destroy", "--env", "staging", "--project", "lms")).isEqualTo(1);
    assertThat(prompt.asked).singleElement().asString().contains("lms/staging");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing was destroyed");
  }

  @Test
  void destroyGoesAheadOnceTheEnvironmentNameIsTyped() {
    prompt.answers.add(" staging ");

    // Past the confirmation it calls the API, which is not there: exit 3, not "not confirmed".
    assertThat(run("destroy", "--env", "staging", "--project", "lms")).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("not confirmed");
  }

  @Test
  void destroyWithYesDoesNotAsk() {
    assertThat(run("destroy", "--env", "staging", "--project", "lms", "--yes")).isEqualTo(3);
    assertThat(prompt.asked).isEmpty();
  }

  @Test
  void loginReadsTheTokenAsASecretWhenNotGiven() {
    prompt.answers.add("berth_secret");

    assertThat(run("login", "--url", "http://127.0.0.1:1")).isEqualTo(3);
    assertThat(prompt.secrets).containsExactly("Token for http://127.0.0.1:1: ");
  }

  @Test
  void loginWithoutAnyTokenSaysHowToGiveOne() {
    prompt.answers.add("   ");

    assertThat(run("login", "--url", "http://127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--token");
  }

  private static final class Scripted implements Prompt {
    boolean interactive = true;
    final Deque<String> answers = new ArrayDeque<>();
    final List<String> asked = new ArrayList<>();
    final List<String> secrets = new ArrayList<>();

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
      secrets.add(question);
      return answers.poll();
    }
  }
}
