package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth promote --from staging --to production}: the code live in one environment, as a new
 * release of another, with that environment's own configuration. Asks first unless {@code --yes}.
 */
@Command(
    name = "promote",
    description =
        "Deploy the code live in one environment to another (no rebuild), with the target's own"
            + " configuration.")
public final class PromoteCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, paramLabel = "ENV", description = "Source.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ENV", description = "Target.")
  String to;

  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      description = "Project (default: the project of ./berth.yaml).")
  String project;

  @Mixin DeployOptions deploy;

  @Mixin OutputOption output;

  private final Cli cli;

  public PromoteCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    DeployFollow.timeout(deploy.timeout);
    String p = ProjectContext.require(project, cli.cwd());
    String path = "/api/v1/projects/" + URLEncoder.encode(p, StandardCharsets.UTF_8) + "/promote";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from);
    body.put("to", to);
    body.put("message", deploy.message);
    Term t = cli.term();
    if (!deploy.yes) {
      JsonNode plan = cli.api().post(path + "?dryRun=true", body);
      String question =
          "Promote "
              + p
              + "/"
              + from
              + " "
              + plan.path("release").asText()
              + " ("
              + shortDigest(plan.path("artifact").asText())
              + ") to "
              + p
              + "/"
              + to
              + (plan.path("targetLive").asText().isEmpty()
                  ? ""
                  : ", where " + plan.path("targetLive").asText() + " is live")
              + "? [y/N] ";
      if (!cli.prompt().interactive()) {
        throw CliException.invalid(
            "promoting to "
                + p
                + "/"
                + to
                + " needs confirmation and there is no terminal to ask on: pass --yes");
      }
      String answer = cli.prompt().readLine(question);
      if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
        throw CliException.failed("not confirmed; nothing was promoted");
      }
    }
    JsonNode result = cli.api().post(path, body);
    boolean json = output.json();
    if (!json) {
      t.say(
          t.bold("Promoting " + p + "/" + from + " to " + p + "/" + to)
              + (result.path("changed").asBoolean()
                  ? " -> release " + result.path("release").asText()
                  : " (the same code and spec already run there: nothing changed)"));
    }
    if (deploy.noWait || !result.path("changed").asBoolean()) {
      if (json) {
        t.out().println(CliJson.pretty().writeValueAsString(result));
      }
      return 0;
    }
    return DeployFollow.follow(cli, "promote", result, deploy.timeout, json);
  }

  private static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }
}
