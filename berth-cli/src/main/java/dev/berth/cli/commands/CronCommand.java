package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cron list|runs|trigger|suspend|resume}: cron services, their runs, and manual runs.
 */
@Command(
    name = "cron",
    description = "Cron services: list them, show their runs, trigger, suspend and resume.",
    subcommands = {
      CronCommand.List.class,
      CronCommand.Runs.class,
      CronCommand.Trigger.class,
      CronCommand.Suspend.class,
      CronCommand.Resume.class
    })
public final class CronCommand implements Callable<Integer> {
  private final Cli cli;

  public CronCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    throw dev.berth.cli.CliException.invalid(
        "say what to do: berth cron list, runs NAME, trigger NAME, suspend NAME or resume NAME");
  }

  static String base(Cli cli, EnvOptions target) {
    String project = ProjectContext.require(target.project, cli.cwd());
    return ApiPaths.env(project, target.environment()) + "/cron";
  }

  static String service(String name) {
    return "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  @Command(name = "list", description = "The cron services with their next and last run.")
  public static final class List implements Callable<Integer> {
    @Mixin EnvOptions target;
    @Mixin OutputOption output;
    private final Cli cli;

    public List(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode all = cli.api().get(base(cli, target));
      Term t = cli.term();
      if (output.json()) {
        t.out().println(CliJson.pretty().writeValueAsString(all));
        return 0;
      }
      if (all.isEmpty()) {
        t.say("No cron services: a service with a schedule is one (see docs/cron.md).");
        return 0;
      }
      Table table = new Table("NAME", "SCHEDULE", "TIMEZONE", "NEXT RUN", "LAST RUN", "RESULT");
      for (JsonNode c : all) {
        JsonNode last = c.path("lastRun");
        table.row(
            c.path("name").asText(),
            c.path("schedule").asText(),
            c.path("timezone").asText(),
            c.path("suspended").asBoolean() ? "suspended" : text(c.path("nextRun")),
            text(last.path("id")),
            text(last.path("result")));
      }
      t.out().print(table.render(t));
      return 0;
    }
  }

  @Command(name = "runs", description = "The runs of a cron service, newest first.")
  public static final class Runs implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The cron service.")
    String name;

    @Mixin EnvOptions target;
    @Mixin OutputOption output;
    private final Cli cli;

    public Runs(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode runs = cli.api().get(base(cli, target) + service(name) + "/runs");
      Term t = cli.term();
      if (output.json()) {
        t.out().println(CliJson.pretty().writeValueAsString(runs));
        return 0;
      }
      if (runs.isEmpty()) {
        t.say("No runs of " + name + " yet; berth cron list shows when the next one is due.");
        return 0;
      }
      Table table = new Table("RUN", "SCHEDULED", "STARTED", "ENDED", "RESULT", "EXIT", "ATTEMPTS");
      for (JsonNode r : runs) {
        table.row(
            r.path("id").asText(),
            r.path("scheduledAt").asText(),
            text(r.path("startedAt")),
            text(r.path("endedAt")),
            r.path("result").asText(),
            text(r.path("exitCode")),
            r.path("attempts").asText());
      }
      t.out().print(table.render(t));
      t.say("Logs of a run: berth logs " + name + " --run RUN");
      return 0;
    }
  }

  @Command(name = "trigger", description = "Start a run now, honouring the service's concurrency.")
  public static final class Trigger implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The cron service.")
    String name;

    @Mixin EnvOptions target;
    private final Cli cli;

    public Trigger(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      JsonNode r = cli.api().post(base(cli, target) + service(name) + "/trigger", Map.of());
      cli.term()
          .say(
              "run "
                  + r.path("id").asText()
                  + " of "
                  + name
                  + " triggered; berth cron runs "
                  + name
                  + " shows how it goes");
      return 0;
    }
  }

  @Command(name = "suspend", description = "Stop starting runs on schedule.")
  public static final class Suspend implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The cron service.")
    String name;

    @Mixin EnvOptions target;
    private final Cli cli;

    public Suspend(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.api().post(base(cli, target) + service(name) + "/suspend", Map.of());
      cli.term().say(name + " suspended: no run starts on schedule until berth cron resume");
      return 0;
    }
  }

  @Command(
      name = "resume",
      description = "Start runs on schedule again, from the next scheduled time (no replay).")
  public static final class Resume implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The cron service.")
    String name;

    @Option(
        names = "--replay-latest",
        description =
            "Also run the latest time skipped while suspended (its missedRuns and"
                + " startingDeadline apply, as after downtime).")
    boolean replayLatest;

    @Mixin EnvOptions target;
    private final Cli cli;

    public Resume(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      String query = replayLatest ? "?replayLatest=true" : "";
      cli.api().post(base(cli, target) + service(name) + "/resume" + query, Map.of());
      cli.term()
          .say(
              name
                  + (replayLatest
                      ? " resumed: the latest time skipped while suspended runs now, if still in"
                          + " its starting deadline"
                      : " resumed: the next run is its next scheduled time"));
      return 0;
    }
  }
}
