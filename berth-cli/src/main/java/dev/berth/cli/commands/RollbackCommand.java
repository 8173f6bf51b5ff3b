package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth rollback [--to vN]}: deploys an earlier release that went live again, as a new
 * release, with the same rolling safety as any deploy. Asks first unless {@code --yes}.
 */
@Command(
    name = "rollback",
    description =
        "Deploy an earlier good release again (the one before the live release, or --to vN), as a"
            + " new release.")
public final class RollbackCommand implements Callable<Integer> {
  @Option(
      names = "--to",
      paramLabel = "VERSION",
      description = "The release to go back to, e.g. v4 (default: the good one before the live).")
  String to;

  @Mixin DeployOptions deploy;

  @Mixin EnvOptions target;
  @Mixin OutputOption output;

  private final Cli cli;

  public RollbackCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    DeployFollow.timeout(deploy.timeout);
    String project = ProjectContext.require(target.project, cli.cwd());
    String path = ApiPaths.env(project, target.environment()) + "/rollback";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("to", to);
    body.put("message", deploy.message);
    Term t = cli.term();
    String where = project + "/" + target.environment();
    if (!deploy.yes) {
      JsonNode plan = cli.api().post(path + "?dryRun=true", body);
      String live = plan.path("live").asText();
      String question =
          "Roll "
              + where
              + " back"
              + (live.isEmpty() ? "" : " from " + live)
              + " to "
              + plan.path("target").asText()
              + "? It is deployed as a new release. [y/N] ";
      if (!cli.prompt().interactive()) {
        throw CliException.invalid(
            "rolling "
                + where
                + " back to "
                + plan.path("target").asText()
                + " needs confirmation and there is no terminal to ask on: pass --yes");
      }
      String answer = cli.prompt().readLine(question);
      if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
        throw CliException.failed("not confirmed; nothing was rolled back");
      }
    }
    JsonNode result = cli.api().post(path, body);
    boolean json = output.json();
    if (!json) {
      t.say(
          t.bold("Rolling " + where + " back") + " -> release " + result.path("release").asText());
      for (JsonNode c : result.path("changes")) {
        if (!c.path("action").asText().equals("unchanged")) {
          t.say(
              "  "
                  + c.path("service").asText()
                  + "  "
                  + c.path("action").asText()
                  + (c.path("detail").asText().isEmpty() ? "" : "  " + c.path("detail").asText()));
        }
      }
    }
    if (deploy.noWait) {
      if (json) {
        t.out().println(CliJson.pretty().writeValueAsString(result));
      }
      return 0;
    }
    return DeployFollow.follow(cli, "rollback", result, deploy.timeout, json);
  }
}
