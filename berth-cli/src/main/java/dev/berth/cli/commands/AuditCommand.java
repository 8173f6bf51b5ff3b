package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth audit}: every change made through the API, oldest first. */
@Command(
    name = "audit",
    description =
        "Show who changed what through the API (apply, scale, stop, start, destroy, rollback),"
            + " oldest first; every project outside a project's directory.")
public final class AuditCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "50",
      description = "How many recent entries (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--all-environments", description = "Every environment of the project.")
  boolean allEnvironments;

  @Mixin EnvOptions target;
  @Mixin OutputOption output;

  private final Cli cli;

  public AuditCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new dev.berth.cli.CliException(
          dev.berth.cli.CliException.INVALID, "--limit must be at least 1");
    }
    String project = ProjectContext.detect(target.project, cli.cwd()).orElse(null);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("project", project);
    q.put("environment", project == null || allEnvironments ? null : target.environment());
    q.put("limit", Integer.toString(limit));
    JsonNode entries = cli.api().get("/api/v1/audit", q);
    Term t = cli.term();
    if (output.json()) {
      t.out().println(CliJson.pretty().writeValueAsString(entries));
      return 0;
    }
    if (entries.isEmpty()) {
      t.say("No changes recorded yet.");
      return 0;
    }
    Table table = new Table("TIME", "WHO", "ACTION", "ENVIRONMENT", "WHAT");
    for (JsonNode e : entries) {
      table.row(
          t.dim(TIME.format(Instant.parse(e.path("at").asText()))),
          e.path("actor").asText(),
          t.bold(e.path("action").asText()),
          e.path("project").asText() + "/" + e.path("environment").asText(),
          e.path("summary").asText());
    }
    t.out().print(table.render(t));
    return 0;
  }
}
