package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Table;
import dev.berth.cli.term.Term;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth env list|create|delete|track|untrack|sync|status|webhook}: environments as things of
 * their own (clones for pull requests) and the git branches they track (GitOps).
 */
@Command(
    name = "env",
    description = "Environments: list, clone, delete; track a git branch (GitOps).",
    subcommands = {
      EnvCommand.ListEnvs.class,
      EnvCommand.Create.class,
      EnvCommand.Delete.class,
      EnvSyncCommands.Track.class,
      EnvSyncCommands.Untrack.class,
      EnvSyncCommands.Sync.class,
      EnvSyncCommands.Status.class,
      EnvSyncCommands.Webhook.class
    })
public final class EnvCommand implements Callable<Integer> {
  public EnvCommand(Cli cli) {}

  @Override
  public Integer call() {
    throw dev.berth.cli.CliException.invalid(
        "say what to do: berth env list, create NAME --from ENV, delete NAME, track ENV --git URL, untrack ENV, sync ENV, status ENV or webhook");
  }

  /** {@code -p/--project}, defaulting to the project of ./berth.yaml. */
  static final class ProjectOption {
    @Option(
        names = {"-p", "--project"},
        paramLabel = "NAME",
        description = "Project (default: the project of ./berth.yaml).")
    String project;
  }

  static void print(Term t, JsonNode n) throws Exception {
    t.out().println(CliJson.pretty().writeValueAsString(n));
  }

  @Command(name = "list", description = "Every environment, its latest release and sync state.")
  public static final class ListEnvs implements Callable<Integer> {
    @Mixin OutputOption output;
    private final Cli cli;

    public ListEnvs(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode all = cli.api().get("/api/v1/envs");
      Term t = cli.term();
      if (output.json()) {
        print(t, all);
        return 0;
      }
      Table table = new Table("PROJECT", "ENVIRONMENT", "RELEASE", "STATUS", "GIT", "SYNC");
      for (JsonNode e : all) {
        JsonNode s = e.path("source");
        table.row(
            e.path("project").asText(),
            e.path("environment").asText(),
            e.path("release").asText("-"),
            e.path("status").asText("-"),
            s.isMissingNode() || s.isNull()
                ? "-"
                : s.path("url").asText() + " " + s.path("branch").asText(),
            s.isMissingNode() || s.isNull() ? "-" : s.path("state").asText());
      }
      t.out().print(table.render(t));
      return 0;
    }
  }

  @Command(
      name = "create",
      description = "Clone an environment: berth env create preview-42 --from staging.")
  public static final class Create implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "The new environment.")
    String name;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "ENV",
        description = "The environment to clone.")
    String from;

    @Option(
        names = {"-m", "--message"},
        description = "Why (recorded with the release).")
    String message;

    @Mixin ProjectOption project;
    @Mixin OutputOption output;
    private final Cli cli;

    public Create(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String p = ProjectContext.require(project.project, cli.cwd());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("project", p);
      body.put("name", name);
      body.put("from", from);
      body.put("message", message);
      JsonNode r = cli.api().post("/api/v1/envs", body);
      if (output.json()) {
        print(cli.term(), r);
      } else {
        cli.term()
            .say(
                "Created "
                    + p
                    + "/"
                    + name
                    + " from "
                    + from
                    + " -> release "
                    + r.path("release").asText()
                    + "; berth status --env "
                    + name
                    + " follows it");
      }
      return 0;
    }
  }

  @Command(name = "delete", description = "Delete an environment and everything it runs.")
  public static final class Delete implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin ProjectOption project;
    private final Cli cli;

    public Delete(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String p = ProjectContext.require(project.project, cli.cwd());
      if (!yes) {
        if (!cli.prompt().interactive()) {
          throw CliException.invalid("env delete needs --yes when it cannot ask (no terminal)");
        }
        String answer =
            cli.prompt()
                .readLine(
                    "Delete "
                        + p
                        + "/"
                        + name
                        + "? Every replica stops and git tracking ends. Type the environment name to confirm: ");
        if (answer == null || !answer.trim().equals(name)) {
          throw CliException.failed("not confirmed; nothing was deleted");
        }
      }
      JsonNode r =
          cli.api()
              .delete(
                  "/api/v1/envs/"
                      + java.net.URLEncoder.encode(p, java.nio.charset.StandardCharsets.UTF_8)
                      + "/"
                      + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
      cli.term()
          .say(
              "Deleting "
                  + p
                  + "/"
                  + name
                  + ": stopping "
                  + r.path("destroying").size()
                  + " service(s)");
      return 0;
    }
  }
}
