package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.term.Term;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The GitOps verbs of {@code berth env}: track, untrack, sync, status, webhook. */
public final class EnvSyncCommands {
  private EnvSyncCommands() {}

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

    @Mixin EnvCommand.ProjectOption project;
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
        EnvCommand.print(cli.term(), r);
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

    @Mixin EnvCommand.ProjectOption project;
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

    @Mixin EnvCommand.ProjectOption project;
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
        EnvCommand.print(cli.term(), r);
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

    @Mixin EnvCommand.ProjectOption project;
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
        EnvCommand.print(cli.term(), r);
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
        EnvCommand.print(cli.term(), r);
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
