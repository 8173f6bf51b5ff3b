package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth logs SERVICE}: the merged output of a service's replicas, optionally followed. */
@Command(
    name = "logs",
    description =
        "Show the output of a service's replicas (current and gone), or of a release's command.")
public final class LogsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = LogPrinter.TIME;

  /** The most lines one read returns (the API's {@code limit} bound). */
  static final int MAX_LINES = 100_000;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SERVICE",
      description = "The service (not with --release).")
  String service;

  @Option(
      names = "--release",
      paramLabel = "vN",
      description = "The output of this release's release command instead of a service's.")
  String release;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new output until Ctrl-C.")
  boolean follow;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description = "Only output newer than a duration (30s, 10m, 2h) or an instant.")
  String since;

  @Option(names = "--replica", paramLabel = "ID", description = "Only this replica.")
  String replica;

  @Option(
      names = "--run",
      paramLabel = "ID",
      description = "Only this cron run (every attempt); berth cron runs NAME lists them.")
  String run;

  @Option(
      names = {"-n", "--lines"},
      paramLabel = "N",
      defaultValue = "200",
      description =
          "How many recent lines (default: ${DEFAULT-VALUE}, at most "
              + MAX_LINES
              + ", the API's limit per read).")
  int lines;

  @Mixin EnvOptions target;
  @Mixin OutputOption output;

  private final Cli cli;

  public LogsCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    boolean json = output.json();
    if (lines <= 0 || lines > MAX_LINES) {
      throw CliException.invalid(
          "--lines must be between 1 and "
              + MAX_LINES
              + " (the API's limit per read); narrow with --since or --replica for older output");
    }
    if (release != null) {
      return releaseLog(json);
    }
    if (service == null) {
      throw CliException.invalid(
          "name a service (berth logs SERVICE) or a release (berth logs --release vN)");
    }
    String project = ProjectContext.require(target.project, cli.cwd());
    String path = ApiPaths.service(project, target.environment(), service) + "/logs";
    Map<String, String> q = new LinkedHashMap<>();
    q.put("since", since);
    q.put("replica", replica);
    q.put("run", run);
    q.put("limit", Integer.toString(lines));
    Term t = cli.term();
    if (follow) {
      q.put("follow", "true");
      cli.api().stream(path, q, line -> print(t, line, json));
      return 0;
    }
    LogPrinter printer = new LogPrinter(t, json);
    cli.api().get(path, q, printer::printPage);
    return 0;
  }

  /** {@code --release vN}: the release command's output, its last {@code --lines} lines. */
  private int releaseLog(boolean json) {
    if (service != null) {
      throw CliException.invalid(
          "--release shows a release command's output, not a service's: drop " + service);
    }
    if (follow || since != null || replica != null || run != null) {
      throw CliException.invalid("--release goes without --follow, --since, --replica and --run");
    }
    String project = ProjectContext.require(target.project, cli.cwd());
    JsonNode log =
        cli.api()
            .get(
                ApiPaths.env(project, target.environment())
                    + "/releases/"
                    + java.net.URLEncoder.encode(release, java.nio.charset.StandardCharsets.UTF_8)
                    + "/log",
                Map.of("lines", Integer.toString(lines)));
    Term t = cli.term();
    if (json) {
      try {
        t.out().println(CliJson.pretty().writeValueAsString(log));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return 0;
    }
    if (log.path("phase").asText().equals("none")) {
      t.say(log.path("release").asText() + " ran no release command (its spec has no release:)");
      return 0;
    }
    for (JsonNode line : log.path("lines")) {
      t.out().println(line.asText());
    }
    t.out().flush();
    return 0;
  }

  private static void print(Term t, JsonNode line, boolean json) {
    if (json) {
      try {
        t.out().println(CliJson.mapper().writeValueAsString(line));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      String time =
          line.path("time").isTextual()
              ? TIME.format(Instant.parse(line.path("time").asText()))
              : "";
      t.out()
          .println(
              t.dim(time)
                  + " "
                  + t.cyan(line.path("replicaId").asText())
                  + " "
                  + line.path("text").asText());
    }
    t.out().flush();
  }
}
