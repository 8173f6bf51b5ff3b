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
  HttpServer api;
  String plan = DESTRUCTIVE_PLAN;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Scripted prompt = new Scripted();

  @BeforeEach
  void startFakeApi() throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), "project: shop\n");
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/api/v1/apply",
        x -> {
          String query = x.getRequestURI().getRawQuery();
          requests.add(x.getRequestURI().getPath() + (query == null ? "" : "?" + query));
          byte[] out =
              ("dryRun=true".equals(query) ? plan : APPLIED).getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders("dryRun=true".equals(query) ? 200 : 202, out.length);
          x.getResponseBody().write(out);
          x.close();
        });
    api.createContext(
        "/api/v1/artifacts", // the code is on the control plane already: nothing is uploaded
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
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
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
    String[] args = new String[more.length + 2];
    args[0] = "apply";
    args[1] = "--no-wait";
    System.arraycopy(more, 0, args, 2, more.length);
    return Main.run(new Cli(t, prompt, env, dir), args);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalADestructiveApplyNeedsYesAndAppliesNothing() {
    prompt.interactive = false;

    assertThat(apply()).isEqualTo(2);

    assertThat(err())
        .contains("--yes")
        .contains("web scaled (replicas 3 -> 1)")
        .contains("worker removed")
        .contains("Nothing was applied");
    assertThat(requests).containsExactly("/api/v1/apply?dryRun=true");
    assertThat(prompt.asked).isEmpty();
  }

  @Test
  void yesAppliesADestructiveChangeWithoutAskingEvenWithoutATerminal() {
    prompt.interactive = false;

    assertThat(apply("--yes")).isEqualTo(0);

    assertThat(requests).containsExactly("/api/v1/apply");
    assertThat(prompt.asked).isEmpty();
  }

  @Test
  void onATerminalItAsksAndAnythingButYesAppliesNothing() {
    prompt.answers.add("");

    assertThat(apply()).isEqualTo(1);

    assertThat(prompt.asked).containsExactly("Apply it? [y/N] ");
    assertThat(err()).contains("stops running replicas of shop/production", "worker", "removed");
    assertThat(err()).contains("not confirmed; nothing was applied");
    assertThat(requests).containsExactly("/api/v1/apply?dryRun=true");
  }

  @Test
  void onATerminalYesGoesAhead() {
    prompt.answers.add(" Y ");

    assertThat(apply()).isEqualTo(0);

    assertThat(requests).containsExactly("/api/v1/apply?dryRun=true", "/api/v1/apply");
  }

  @Test
  void aChangeThatStopsNothingIsAppliedWithoutAskingEvenWithoutATerminal() {
    plan = HARMLESS_PLAN;
    prompt.interactive = false;

    assertThat(apply()).isEqualTo(0);

    assertThat(requests).containsExactly("/api/v1/apply?dryRun=true", "/api/v1/apply");
    assertThat(prompt.asked).isEmpty();
  }

  @Test
  void aDryRunShowsThePlanAndAppliesNothing() {
    assertThat(apply("--dry-run")).isEqualTo(0);

    assertThat(err()).contains("valid", "would change", "replicas 3 -> 1", "removed");
    assertThat(requests).containsExactly("/api/v1/apply?dryRun=true");
  }

  private static final class Scripted implements Prompt {
    boolean interactive = true;
    final Deque<String> answers = new ArrayDeque<>();
    final List<String> asked = new CopyOnWriteArrayList<>();

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
      throw new AssertionError("apply never asks for a secret");
    }
  }
}
