package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiFailure;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import dev.berth.core.model.ProjectSpec;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth apply}: send a berth.yaml (and the Procfile beside it) to the control plane, show
 * what changes, then follow the environment until it has converged.
 *
 * <p>Before a destructive change (one that stops running replicas: a service removed, replicas
 * lowered) it asks, unless {@code --yes}. Which changes are destructive is the server's judgement,
 * from the apply API's dry run, never guessed here; without a terminal to ask on and without {@code
 * --yes} it applies nothing and exits 2.
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
      defaultValue = ProjectSpec.DEFAULT_ENVIRONMENT,
      description = "Environment (default: ${DEFAULT-VALUE}).")
  String environment;

  @Option(
      names = {"-y", "--yes"},
      description =
          "Apply changes that stop running replicas (a service removed, replicas lowered) without"
              + " asking; needed for those when there is no terminal (scripts, CI).")
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

  @Override
  public Integer call() throws Exception {
    boolean json = output.json();
    DeployFollow.timeout(timeout); // a bad --timeout is refused before anything is sent
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
      Path spec =
          (file == null ? cli.cwd().resolve("berth.yaml") : cli.cwd().resolve(file))
              .toAbsolutePath()
              .normalize();
      if (!Files.isRegularFile(spec)) {
        throw CliException.invalid(
            "no spec at "
                + spec
                + ": pass -f FILE, or create one with berth init (from a Procfile)");
      }
      Path dir = spec.getParent();
      body.put("specFile", relative(spec));
      body.put("spec", read(spec));
      Path procfile = dir.resolve("Procfile");
      body.put("procfile", Files.isRegularFile(procfile) ? read(procfile) : null);
      body.put("sourceDir", dir.toString());
      body.put(
          "artifact",
          dryRun
              ? CodeUpload.digestOnly(dir, dir.relativize(spec).toString())
              : CodeUpload.upload(cli, dir, dir.relativize(spec).toString(), output.json()));
      specLabel = relative(spec);
    }
    body.put("environment", environment);
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
      confirmDestructiveChanges(body);
    }
    JsonNode result =
        post(
            "/api/v1/apply",
            body,
            line -> t.err().println(t.dim("build | ") + line)); // live, not in -o json's stdout
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
   * Asks before changes the server's dry run marks destructive; refuses without a terminal.
   *
   * @throws CliException exit 2 without a terminal (pass --yes), exit 1 when not confirmed
   */
  private void confirmDestructiveChanges(Map<String, Object> body) {
    JsonNode plan = post("/api/v1/apply?dryRun=true", body);
    List<JsonNode> destructive = new ArrayList<>();
    plan.path("changes")
        .forEach(
            c -> {
              if (c.path("destructive").asBoolean(false)) {
                destructive.add(c);
              }
            });
    if (destructive.isEmpty()) {
      return;
    }
    Term t = cli.term();
    String where = plan.path("project").asText() + "/" + plan.path("environment").asText();
    StringBuilder what = new StringBuilder();
    for (JsonNode c : destructive) {
      what.append(what.length() == 0 ? "" : "; ")
          .append(c.path("service").asText())
          .append(' ')
          .append(c.path("action").asText())
          .append(
              c.path("detail").asText().isEmpty() ? "" : " (" + c.path("detail").asText() + ")");
    }
    if (!cli.prompt().interactive()) {
      throw CliException.invalid(
          "applying this to "
              + where
              + " stops running replicas: "
              + what
              + ". Nothing was applied: there is no terminal to ask on, so pass --yes to apply it");
    }
    t.say(t.yellow("This apply stops running replicas of " + where + ":"));
    printChanges(t, destructive);
    String answer = cli.prompt().readLine("Apply it? [y/N] ");
    String a = answer == null ? "" : answer.trim().toLowerCase(java.util.Locale.ROOT);
    if (!a.equals("y") && !a.equals("yes")) {
      throw CliException.failed("not confirmed; nothing was applied");
    }
  }

  /** Posts to the apply API; a spec with problems is listed, one per line, and exits 2. */
  private JsonNode post(String path, Map<String, Object> body) {
    return post(path, body, null);
  }

  /**
   * As {@link #post(String, Map)}; with {@code buildLine}, the build's output is handed to it as
   * the server prints it.
   */
  private JsonNode post(
      String path, Map<String, Object> body, java.util.function.Consumer<String> buildLine) {
    Term t = cli.term();
    try {
      return buildLine == null
          ? cli.api().postAndWait(path, body) // the server may be building
          : cli.api().postFollowingBuild(path, body, buildLine);
    } catch (ApiFailure f) {
      if (f.code().equals("invalid_spec") && f.details() != null && f.details().isArray()) {
        t.say(
            t.red(
                "The spec has "
                    + f.details().size()
                    + (f.details().size() == 1 ? " problem:" : " problems:")));
        for (JsonNode p : f.details()) {
          t.say("  " + SpecProblems.format(p, t));
        }
        throw new CliException(
            CliException.INVALID, "nothing was applied; fix the spec and run berth apply again");
      }
      throw f.toCli();
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

  private String relative(Path p) {
    try {
      String r = cli.cwd().relativize(p).toString();
      return r.startsWith("..") ? p.toString() : r;
    } catch (IllegalArgumentException e) {
      return p.toString();
    }
  }

  private static String read(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    if (bytes.length > 1024 * 1024) {
      throw CliException.invalid(
          p + " is larger than 1 MiB; a spec that large is surely a mistake");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw CliException.invalid(p + " is not UTF-8 text");
    }
  }
}
