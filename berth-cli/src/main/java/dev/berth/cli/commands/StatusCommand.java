package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Ago;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth status}: services and replicas of an environment, or every deployed environment. */
@Command(
    name = "status",
    description =
        "Show services and replicas of an environment (all environments outside a project).")
public final class StatusCommand implements Callable<Integer> {
  @Mixin EnvOptions target;
  @Mixin OutputOption output;

  private final Cli cli;

  public StatusCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    boolean json = output.json();
    Optional<String> project = ProjectContext.detect(target.project, cli.cwd());
    Term t = cli.term();
    if (project.isEmpty()) {
      JsonNode all = cli.api().get("/api/v1/environments");
      if (json) {
        t.out().println(CliJson.pretty().writeValueAsString(all));
        return 0;
      }
      if (all.isEmpty()) {
        t.say("Nothing deployed yet. Run berth apply in an app's directory (or berth up --demo).");
        return 0;
      }
      Table table = new Table("PROJECT", "ENVIRONMENT", "RELEASE", "SERVICES", "APPLIED");
      for (JsonNode e : all) {
        StringBuilder svc = new StringBuilder();
        for (JsonNode s : e.path("services")) {
          svc.append(svc.length() == 0 ? "" : ", ")
              .append(s.path("name").asText())
              .append(' ')
              .append(t.state(s.path("state").asText()));
        }
        table.row(
            e.path("project").asText(),
            e.path("environment").asText(),
            e.path("release").asText(),
            svc,
            ago(e.path("appliedAt")));
      }
      t.out().print(table.render(t));
      return 0;
    }
    JsonNode env = cli.api().get(ApiPaths.env(project.get(), target.environment()));
    if (json) {
      t.out().println(CliJson.pretty().writeValueAsString(env));
      return 0;
    }
    t.out().print(StatusRenderer.render(env, t, Instant.now()));
    return 0;
  }

  private static String ago(JsonNode instant) {
    return instant.isTextual()
        ? Ago.between(Instant.parse(instant.asText()), Instant.now()) + " ago"
        : "-";
  }
}
