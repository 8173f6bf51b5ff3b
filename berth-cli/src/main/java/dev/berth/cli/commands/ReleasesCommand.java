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

  @picocli.CommandLine.Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "VERSION",
      description = "Show one release (v3): its source, changes, spec and release command output.")
  String version;

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
    if (version != null) {
      return showOne(project);
    }
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

  private int showOne(String project) throws Exception {
    JsonNode d =
        cli.api()
            .get(
                ApiPaths.env(project, target.environment())
                    + "/releases/"
                    + java.net.URLEncoder.encode(version, java.nio.charset.StandardCharsets.UTF_8));
    Term t = cli.term();
    if (output.json()) {
      t.out().println(CliJson.pretty().writeValueAsString(d));
      return 0;
    }
    JsonNode r = d.path("release");
    JsonNode src = r.path("source");
    StringBuilder b = new StringBuilder();
    b.append(t.bold(r.path("version").asText()))
        .append("  ")
        .append(color(t, r.path("status").asText()))
        .append("  by ")
        .append(r.path("createdBy").asText())
        .append("  ")
        .append(r.path("createdAt").asText())
        .append('\n');
    if (!r.path("message").asText().isEmpty()) {
      b.append("message   ").append(r.path("message").asText()).append('\n');
    }
    if (!r.path("reason").asText().isEmpty()) {
      b.append("reason    ").append(r.path("reason").asText()).append('\n');
    }
    b.append("source    ")
        .append(src.path("kind").asText())
        .append(' ')
        .append(src.path("location").asText());
    if (!src.path("ref").asText().isEmpty()) {
      b.append(" @ ").append(src.path("ref").asText());
    }
    if (!src.path("commit").asText().isEmpty()) {
      b.append(" (commit ").append(src.path("commit").asText()).append(')');
    }
    if (src.path("fromVersion").asLong() > 0) {
      b.append(" (from v").append(src.path("fromVersion").asLong()).append(')');
    }
    b.append('\n');
    if (!src.path("artifact").asText().isEmpty()) {
      b.append("code      ").append(src.path("artifact").asText()).append('\n');
    }
    b.append("changes   ").append(changes(r.path("changes"))).append('\n');
    b.append("release command: ").append(r.path("releaseCommand").asText()).append('\n');
    for (JsonNode line : d.path("releaseCommandOutput")) {
      b.append("  | ").append(line.asText()).append('\n');
    }
    b.append('\n').append(t.dim("# " + d.path("specFile").asText())).append('\n');
    b.append(d.path("spec").asText());
    t.out().print(b);
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
