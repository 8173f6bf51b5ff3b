package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
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

/** {@code berth events}: what happened (applies, starts, crashes, stops), newest last. */
@Command(name = "events", description = "Show what happened in an environment, newest last.")
public final class EventsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new events until Ctrl-C.")
  boolean follow;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      defaultValue = "50",
      description = "How many recent events (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--service", paramLabel = "NAME", description = "Only events of this service.")
  String service;

  @Mixin EnvOptions target;
  @Mixin OutputOption output;

  private final Cli cli;

  public EventsCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    boolean json = output.json();
    String project = ProjectContext.detect(target.project, cli.cwd()).orElse(null);
    long after = 0;
    Term t = cli.term();
    do {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("project", project);
      q.put("environment", project == null ? null : target.environment());
      q.put("service", service);
      q.put("after", Long.toString(after));
      q.put("limit", Integer.toString(limit));
      JsonNode events = cli.api().get("/api/v1/events", q);
      for (JsonNode e : events) {
        after = Math.max(after, e.path("id").asLong());
        if (json) {
          t.out().println(CliJson.mapper().writeValueAsString(e));
        } else {
          String where =
              e.path("project").asText()
                  + "/"
                  + e.path("environment").asText()
                  + (e.path("service").asText().isEmpty() ? "" : " " + e.path("service").asText())
                  + (e.path("replica").asText().isEmpty() ? "" : " " + e.path("replica").asText());
          t.out()
              .println(
                  t.dim(TIME.format(Instant.parse(e.path("at").asText())))
                      + "  "
                      + t.bold(e.path("type").asText())
                      + "  "
                      + where
                      + "  "
                      + e.path("message").asText());
        }
      }
      t.out().flush();
      if (follow) {
        Thread.sleep(500);
      }
    } while (follow);
    return 0;
  }
}
