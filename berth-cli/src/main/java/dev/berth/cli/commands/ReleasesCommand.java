package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Ago;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import dev.berth.engine.store.ReleaseStatus;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth releases}: an environment's releases, newest first. */
@Command(
    name = "releases",
    description = "List the releases of an environment, newest first, and how each deploy went.")
public final class ReleasesCommand implements Callable<Integer> {
  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "20",
      description = "How many releases (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin EnvOptions target;
  @Mixin OutputOption output;

  private final Cli cli;

  public ReleasesCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new dev.berth.cli.CliException(
          dev.berth.cli.CliException.INVALID, "--limit must be at least 1");
    }
    String project = ProjectContext.require(target.project, cli.cwd());
    JsonNode releases =
        cli.api()
            .get(
                ApiPaths.env(project, target.environment()) + "/releases",
                Map.of("limit", Integer.toString(limit)));
    Term t = cli.term();
    if (output.json()) {
      t.out().println(CliJson.pretty().writeValueAsString(releases));
      return 0;
    }
    if (releases.isEmpty()) {
      t.say("No releases yet: berth apply makes the first one.");
      return 0;
    }
    Instant now = Instant.now();
    Table table = new Table("VERSION", "STATUS", "CREATED", "BY", "CHANGES", "MESSAGE");
    StringBuilder reasons = new StringBuilder();
    for (JsonNode r : releases) {
      String status = r.path("status").asText();
      table.row(
          r.path("version").asText(),
          color(t, status),
          Ago.between(Instant.parse(r.path("createdAt").asText()), now) + " ago",
          r.path("createdBy").asText(),
          changes(r.path("changes")),
          r.path("message").asText());
      String reason = r.path("reason").asText();
      if (!reason.isEmpty() && !status.equals(ReleaseStatus.SUPERSEDED.wireName())) {
        reasons
            .append(r.path("version").asText())
            .append(' ')
            .append(status)
            .append(": ")
            .append(reason)
            .append('\n');
      }
    }
    t.out().print(table.render(t));
    if (reasons.length() > 0) {
      t.out().print("\n" + reasons);
    }
    return 0;
  }

  /** {@code web updated, worker scaled}: what changed, without the unchanged services. */
  static String changes(JsonNode changes) {
    StringBuilder b = new StringBuilder();
    for (JsonNode c : changes) {
      String action = c.path("action").asText();
      if (!action.equals("unchanged")) {
        b.append(b.length() == 0 ? "" : ", ")
            .append(c.path("service").asText())
            .append(' ')
            .append(action);
      }
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  private static String color(Term t, String status) {
    return switch (ReleaseStatus.fromWire(status).orElse(ReleaseStatus.SUPERSEDED)) {
      case LIVE -> t.green(status);
      case DEPLOYING -> t.yellow(status);
      case FAILED, ROLLED_BACK -> t.red(status);
      case SUPERSEDED -> t.dim(status);
    };
  }
}
