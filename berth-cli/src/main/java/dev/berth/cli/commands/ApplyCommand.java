package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiFailure;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import dev.berth.core.model.ProjectSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth apply}: send a berth.yaml (and the Procfile beside it) to the control plane, show
 * what changes, then follow the environment until it has converged. {@code berth apply plan.json}
 * applies a plan saved by {@code berth plan --out}: exactly it, or nothing when the environment's
 * state, the spec or the code moved since ({@code plan_stale}, exit 1).
 *
 * <p>On a terminal it shows the plan and asks before applying any change, unless {@code --yes}; the
 * apply then carries what the plan pinned, so what runs is what was shown. Without a terminal it
 * applies a change that stops nothing, and refuses (exit 2, nothing applied) one that stops running
 * replicas (a service removed, replicas lowered) unless {@code --yes}. Which changes are
 * destructive is the server's judgement, from its plan, never guessed here. While another apply
 * holds the environment's lock it waits up to {@code --lock-timeout}, saying whom it waits for.
 */
@Command(
    name = "apply",
    description = "Apply a berth.yaml to an environment and wait until it runs.")
public final class ApplyCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "The spec (default: ./berth.yaml).")
  Path file;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME",
      description = "Environment (default: " + ProjectSpec.DEFAULT_ENVIRONMENT + ").")
  String environment;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PLANFILE",
      description =
          "A plan saved by berth plan --out: apply exactly it (no question asked), or nothing if"
              + " the environment changed since.")
  Path planFile;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description =
          "How long to wait while another apply holds the environment's lock (default:"
              + " ${DEFAULT-VALUE}; 0s fails at once).")
  String lockTimeout;

  @Option(
      names = {"-y", "--yes"},
      description =
          "Apply without asking; needed without a terminal (scripts, CI) for changes that stop"
              + " running replicas (a service removed, replicas lowered).")
  boolean yes;

  @Option(
      names = "--git",
      paramLabel = "URL",
      description =
          "Deploy a git repository instead of this directory: the control plane clones it and"
              + " reads the spec (-f, default berth.yaml) from it.")
  String gitUrl;

  @Option(
      names = "--ref",
      paramLabel = "REF",
      description = "With --git: the branch, tag or commit (default: the default branch).")
  String ref;

  @Option(
      names = {"-m", "--message"},
      paramLabel = "TEXT",
      description = "Why: kept with the release (berth releases shows it).")
  String message;

  @Option(
      names = "--dry-run",
      description = "Validate against the server without changing anything.")
  boolean dryRun;

  @Option(
      names = "--no-wait",
      description = "Return once the change is stored, without waiting for replicas.")
  boolean noWait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "How long to wait for the environment to converge (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Mixin OutputOption output;

  private final Cli cli;

  public ApplyCommand(Cli cli) {
    this.cli = cli;
  }

  private String env() {
    return environment == null ? ProjectSpec.DEFAULT_ENVIRONMENT : environment;
  }

  @Override
  public Integer call() throws Exception {
    boolean json = output.json();
    DeployFollow.timeout(timeout); // a bad --timeout is refused before anything is sent
    java.time.Duration lockWait = LockWait.parse(lockTimeout);
    if (planFile != null) {
      return applySaved(json, lockWait);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    Term t = cli.term();
    String specLabel;
    if (gitUrl != null) {
      Map<String, Object> git = new LinkedHashMap<>();
      git.put("url", gitUrl);
      git.put("ref", ref == null ? "" : ref);
      body.put("git", git);
      body.put("specFile", file == null ? "berth.yaml" : file.toString());
      specLabel = gitUrl + (ref == null || ref.isEmpty() ? "" : " at " + ref);
    } else {
      if (ref != null) {
        throw CliException.invalid("--ref goes with --git URL");
      }
      SpecBody spec = SpecBody.read(cli, file, !dryRun, json);
      body.putAll(spec.body());
      specLabel = spec.label();
    }
    body.put("environment", env());
    body.put("message", message);
    if (dryRun) {
      JsonNode plan = post("/api/v1/apply?dryRun=true", body);
      if (json) {
        t.out().println(CliJson.pretty().writeValueAsString(plan));
      } else {
        t.say(
            t.green("valid")
                + ": "
                + specLabel
                + " for environment "
                + plan.path("environment").asText()
                + " (services: "
                + String.join(
                    ", ", CliJson.mapper().convertValue(plan.path("services"), String[].class))
                + ")"
                + (plan.path("changed").asBoolean(true)
                    ? "; applying it would change:"
                    : "; applying it would change nothing"));
        if (plan.path("changed").asBoolean(true)) {
          printChanges(t, plan.path("changes"));
        }
      }
      return 0;
    }
    if (!yes) {
      JsonNode plan = confirm(body);
      if (plan.has("serial")) { // apply what was shown, or nothing
        Map<String, Object> pins = new LinkedHashMap<>();
        pins.put("serial", plan.path("serial").asLong());
        pins.put("specDigest", plan.path("specDigest").asText());
        pins.put("planDigest", plan.path("planDigest").asText());
        body.put("plan", pins);
      }
    }
    body.put("failIfLocked", true);
    JsonNode result = postWaiting(body, lockWait);
    return done(result, specLabel, json);
  }

  /** {@code berth apply plan.json}: the saved request, its code uploaded again, its pins. */
  private int applySaved(boolean json, java.time.Duration lockWait) throws Exception {
    if (file != null || gitUrl != null || ref != null || dryRun) {
      throw CliException.invalid(
          "a saved plan carries its spec and code: leave out -f, --git, --ref and --dry-run");
    }
    Path path = cli.cwd().resolve(planFile).toAbsolutePath().normalize();
    JsonNode saved = SavedPlanFile.read(path);
    String where = saved.path("project").asText() + "/" + saved.path("environment").asText();
    if (environment != null && !environment.equals(saved.path("environment").asText())) {
      throw CliException.invalid(
          planFile
              + " is a plan for "
              + where
              + "; it cannot be applied to environment "
              + environment
              + ". Make one for it with: berth plan --env "
              + environment
              + " --out FILE");
    }
    Term t = cli.term();
    Path dir = Path.of(saved.path("code").path("dir").asText());
    String artifact =
        CodeUpload.upload(
            cli,
            dir,
            saved.path("code").path("specName").asText(),
            json,
            SpecBody.notCode(dir, path));
    String planned = saved.path("request").path("artifact").asText();
    if (!artifact.equals(planned)) {
      throw CliException.failed(
          "the code in "
              + dir
              + " changed since the plan was made ("
              + planned
              + " then, "
              + artifact
              + " now); nothing was applied. Run berth plan again and apply the new plan");
    }
    com.fasterxml.jackson.databind.node.ObjectNode body = SavedPlanFile.applyBody(saved, artifact);
    body.put("failIfLocked", true);
    if (message != null) {
      body.put("message", message);
    }
    if (!json) {
      t.say(
          "Applying the saved plan "
              + SpecBody.relative(cli, path)
              + " to "
              + where
              + ": "
              + PlanPrinter.summary(t, saved.path("plan")));
    }
    JsonNode result = postWaiting(body, lockWait);
    return done(result, SpecBody.relative(cli, path), json);
  }

  /** The apply call, waiting up to {@code lockWait} while the environment is locked. */
  private JsonNode postWaiting(Object body, java.time.Duration lockWait) {
    Term t = cli.term();
    try {
      return LockWait.run(
          cli,
          lockWait,
          () ->
              cli.api()
                  .postFollowingBuild(
                      "/api/v1/apply",
                      body,
                      line -> t.err().println(t.dim("build | ") + line))); // not in -o json
    } catch (ApiFailure f) {
      throw SpecProblems.orFailure(
          t, f, "nothing was applied; fix the spec and run berth apply again");
    }
  }

  /** Shows the outcome of an apply, then follows it unless {@code --no-wait}. */
  private int done(JsonNode result, String specLabel, boolean json) throws Exception {
    Term t = cli.term();
    String project = result.path("project").asText();
    String env = result.path("environment").asText();
    if (!json) {
      t.say(
          t.bold("Applied " + project + "/" + env)
              + " from "
              + specLabel
              + (result.path("changed").asBoolean()
                  ? " -> release " + result.path("release").asText()
                  : " (no changes, release " + result.path("release").asText() + ")"));
      printChanges(t, result.path("changes"));
      for (JsonNode warning : result.path("warnings")) {
        t.say(t.yellow("warning: ") + warning.asText());
      }
    }
    if (noWait) {
      if (json) {
        t.out().println(CliJson.pretty().writeValueAsString(result));
      }
      return 0;
    }
    return DeployFollow.follow(cli, "apply", result, timeout, json);
  }

  /**
   * Plans with the server, shows the plan and asks on a terminal; without one, refuses a change
   * that stops running replicas. Returns the plan (its pins go with the apply).
   *
   * @throws CliException exit 2 without a terminal for a destructive change (pass --yes), exit 1
   *     when not confirmed
   */
  private JsonNode confirm(Map<String, Object> body) {
    JsonNode plan = post("/api/v1/apply?dryRun=true", body);
    if (!plan.path("changed").asBoolean(true)) {
      return plan; // nothing to ask about
    }
    List<JsonNode> destructive = new ArrayList<>();
    plan.path("changes")
        .forEach(
            c -> {
              if (c.path("destructive").asBoolean(false)) {
                destructive.add(c);
              }
            });
    Term t = cli.term();
    String where = plan.path("project").asText() + "/" + plan.path("environment").asText();
    if (!cli.prompt().interactive()) {
      if (destructive.isEmpty()) {
        return plan; // nothing stops: scripts apply it as before
      }
      StringBuilder what = new StringBuilder();
      for (JsonNode c : destructive) {
        what.append(what.length() == 0 ? "" : "; ")
            .append(c.path("service").asText())
            .append(' ')
            .append(c.path("action").asText())
            .append(
                c.path("detail").asText().isEmpty() ? "" : " (" + c.path("detail").asText() + ")");
      }
      throw CliException.invalid(
          "applying this to "
              + where
              + " stops running replicas: "
              + what
              + ". Nothing was applied: there is no terminal to ask on, so pass --yes to apply it");
    }
    if (plan.has("plan")) {
      PlanPrinter.print(t, t.err(), plan);
    } else {
      printChanges(t, plan.path("changes"));
    }
    if (!destructive.isEmpty()) {
      t.say(t.yellow("This apply stops running replicas of " + where + ":"));
      printChanges(t, destructive);
    }
    String answer = cli.prompt().readLine("Apply it? [y/N] ");
    String a = answer == null ? "" : answer.trim().toLowerCase(java.util.Locale.ROOT);
    if (!a.equals("y") && !a.equals("yes")) {
      throw CliException.failed("not confirmed; nothing was applied");
    }
    return plan;
  }

  /** Posts to the apply API; a spec with problems is listed, one per line, and exits 2. */
  private JsonNode post(String path, Map<String, Object> body) {
    try {
      return cli.api().postAndWait(path, body); // the server may be building
    } catch (ApiFailure f) {
      throw SpecProblems.orFailure(
          cli.term(), f, "nothing was applied; fix the spec and run berth apply again");
    }
  }

  private static void printChanges(Term t, Iterable<JsonNode> changes) {
    int w = 0;
    for (JsonNode c : changes) {
      w = Math.max(w, c.path("service").asText().length());
    }
    for (JsonNode c : changes) {
      String name = c.path("service").asText();
      t.say(
          "  "
              + name
              + " ".repeat(w - name.length() + 2)
              + t.state(c.path("action").asText())
              + (c.path("detail").asText().isEmpty()
                  ? ""
                  : "  " + t.dim(c.path("detail").asText())));
    }
  }
}
