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
      EnvCommand.Track.class,
      EnvCommand.Untrack.class,
      EnvCommand.Sync.class,
      EnvCommand.Status.class,
      EnvCommand.Webhook.class
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

  @Command(name = "track", description = "Make an environment follow a git branch (GitOps).")
  public static final class Track implements Callable<Integer> {
    @Parameters(paramLabel = "ENV")
    String name;

    @Option(
        names = "--git",
        required = true,
        paramLabel = "URL",
        description = "Repository URL (credentials go in the control plane's netrc).")
    String git;

    @Option(
        names = "--branch",
        defaultValue = "main",
        description = "Branch (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(
        names = "--path",
        defaultValue = "berth.yaml",
        description =
            "Spec path in the repository; its directory is the app (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(
        names = "--auto-sync",
        description =
            "Apply every new commit; without it, a new commit marks the environment out-of-sync.")
    boolean autoSync;

    @Option(
        names = "--interval",
        paramLabel = "DURATION",
        description = "How often to look (30s, 5m; default 1m).")
    String interval;

    @Option(
        names = "--previews",
        description =
            "Pull requests against the branch create preview-N environments cloned from this one.")
    boolean previews;

    @Mixin ProjectOption project;
    @Mixin OutputOption output;
    private final Cli cli;

    public Track(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String p = ProjectContext.require(project.project, cli.cwd());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("git", git);
      body.put("branch", branch);
      body.put("path", path);
      body.put("autoSync", autoSync);
      body.put("interval", interval);
      body.put("previews", previews);
      JsonNode r = cli.api().put(ApiPaths.env(p, name) + "/source", body);
      if (output.json()) {
        print(cli.term(), r);
      } else {
        cli.term()
            .say(
                p
                    + "/"
                    + name
                    + " tracks "
                    + r.path("url").asText()
                    + " "
                    + r.path("branch").asText()
                    + ":"
                    + r.path("path").asText()
                    + (autoSync ? " (autoSync)" : " (autoSync off)")
                    + "; berth env status "
                    + name
                    + " shows the sync, berth env webhook the webhook to add");
      }
      return 0;
    }
  }

  @Command(name = "untrack", description = "Stop following git; what runs stays.")
  public static final class Untrack implements Callable<Integer> {
    @Parameters(paramLabel = "ENV")
    String name;

    @Mixin ProjectOption project;
    private final Cli cli;

    public Untrack(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String p = ProjectContext.require(project.project, cli.cwd());
      cli.api().delete(ApiPaths.env(p, name) + "/source");
      cli.term().say(p + "/" + name + " no longer tracks git");
      return 0;
    }
  }

  @Command(
      name = "sync",
      description = "Apply the tracked branch's head now (also without autoSync).")
  public static final class Sync implements Callable<Integer> {
    @Parameters(paramLabel = "ENV")
    String name;

    @Mixin ProjectOption project;
    @Mixin OutputOption output;
    private final Cli cli;

    public Sync(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String p = ProjectContext.require(project.project, cli.cwd());
      JsonNode r = cli.api().postAndWait(ApiPaths.env(p, name) + "/sync", Map.of());
      if (output.json()) {
        print(cli.term(), r);
      } else {
        sayState(cli.term(), p, name, r.path("source"));
        if (!r.path("release").asText().isEmpty()) {
          cli.term().say("release " + r.path("release").asText() + " is deploying");
        }
      }
      return r.path("source").path("state").asText().equals("failed") ? 1 : 0;
    }
  }

  @Command(name = "status", description = "Where an environment's git sync stands.")
  public static final class Status implements Callable<Integer> {
    @Parameters(paramLabel = "ENV")
    String name;

    @Mixin ProjectOption project;
    @Mixin OutputOption output;
    private final Cli cli;

    public Status(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      String p = ProjectContext.require(project.project, cli.cwd());
      JsonNode r = cli.api().get(ApiPaths.env(p, name) + "/source");
      if (output.json()) {
        print(cli.term(), r);
      } else {
        sayState(cli.term(), p, name, r);
      }
      return 0;
    }
  }

  static void sayState(Term t, String p, String name, JsonNode s) {
    String state = s.path("state").asText();
    t.out()
        .println(
            p
                + "/"
                + name
                + ": "
                + t.state(state)
                + " ("
                + s.path("url").asText()
                + " "
                + s.path("branch").asText()
                + ":"
                + s.path("path").asText()
                + ")");
    t.out()
        .println(
            "  synced:   "
                + shortId(s.path("syncedCommit").asText())
                + " "
                + s.path("syncedMessage").asText());
    t.out().println("  observed: " + shortId(s.path("observedCommit").asText()));
    if (!s.path("plan").asText().isEmpty()) {
      t.out().println("  plan:     " + s.path("plan").asText());
    }
    if (!s.path("error").asText().isEmpty()) {
      t.out().println("  error:    " + t.red(s.path("error").asText()));
    }
  }

  static String shortId(String c) {
    return c.isEmpty() ? "-" : c.substring(0, Math.min(7, c.length()));
  }

  @Command(
      name = "webhook",
      description = "The webhook URLs and secret to configure in GitHub or CI (admin).")
  public static final class Webhook implements Callable<Integer> {
    @Mixin OutputOption output;
    private final Cli cli;

    public Webhook(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
      JsonNode r = cli.api().get("/api/v1/hooks/secret");
      if (output.json()) {
        print(cli.term(), r);
      } else {
        Term t = cli.term();
        t.out()
            .println(
                "GitHub:  POST <control plane URL>"
                    + r.path("github").asText()
                    + "  (content type application/json; events: push, pull requests)");
        t.out()
            .println(
                "Generic: POST <control plane URL>"
                    + r.path("generic").asText()
                    + "  (X-Berth-Signature-256, X-Berth-Delivery)");
        t.out().println("Secret:  " + r.path("secret").asText());
      }
      return 0;
    }
  }
}
