package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code berth apply} and {@code berth rollback} do once the server has accepted a change:
 * follow the release it made until it is live (exit 0), fails, is rolled back or superseded (exit 1
 * with the server's reason), or the timeout passes (exit 1; the server keeps going).
 */
final class DeployFollow {
  private DeployFollow() {}

  /** {@code --timeout} as a duration, or exit 2. */
  static Duration timeout(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid("--timeout must be a duration like 90s or 5m, got '" + text + "'");
    }
  }

  /**
   * Follows {@code result}'s release (an apply result) and returns the exit code, or throws.
   *
   * @param verb the command's name for the JSON output ({@code apply}, {@code rollback})
   */
  static int follow(Cli cli, String verb, JsonNode result, String timeout, boolean json)
      throws Exception {
    Term t = cli.term();
    String project = result.path("project").asText();
    String env = result.path("environment").asText();
    String path = ApiPaths.env(project, env);
    if (!json) {
      t.say(
          "Waiting for "
              + project
              + "/"
              + env
              + " to converge (timeout "
              + timeout
              + "; Ctrl-C stops waiting, not the deploy):");
    }
    String release = result.path("changed").asBoolean() ? result.path("release").asText() : null;
    ConvergenceWatch.Outcome outcome =
        new ConvergenceWatch(cli, path, release).await(timeout(timeout));
    JsonNode status = cli.api().get(path);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put(verb, result);
      out.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
      out.put("status", status);
      t.out().println(CliJson.pretty().writeValueAsString(out));
    }
    String where = project + "/" + env;
    return switch (outcome) {
      case CONVERGED -> {
        if (!json) {
          t.say(
              t.green(where + " is running" + (release == null ? "" : " " + release) + ".")
                  + urls(status));
        }
        yield 0;
      }
      case FAILED ->
          throw CliException.failed(
              where
                  + " did not converge: "
                  + FailureSummary.of(status, release)
                  + ". See berth status"
                  + (env.equals(ProjectSpec.DEFAULT_ENVIRONMENT) ? "" : " --env " + env)
                  + ", berth releases and berth logs SERVICE.");
      case TIMED_OUT ->
          throw CliException.failed(
              where
                  + " did not converge within "
                  + timeout
                  + ": "
                  + FailureSummary.of(status)
                  + ". It keeps trying; see berth status and berth logs SERVICE.");
    };
  }

  private static String urls(JsonNode status) {
    StringBuilder b = new StringBuilder();
    for (JsonNode s : status.path("services")) {
      if (s.path("url").isTextual()) {
        b.append("\n  ")
            .append(s.path("name").asText())
            .append(": ")
            .append(s.path("url").asText());
      }
    }
    return b.toString();
  }
}
