package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.term.Term;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth unlock --env NAME}: breaks the apply lock of an environment, for when the control
 * plane that held it died (a lock also lapses by itself 30 s after its last heartbeat). Shows who
 * holds it and asks, unless {@code --yes}; without a terminal and without {@code --yes} it breaks
 * nothing and exits 2. An apply still running under the lock then fails at its commit ({@code
 * lock_lost}) instead of interleaving with the next one.
 */
@Command(
    name = "unlock",
    description = "Break an environment's apply lock left by a dead control plane.")
public final class UnlockCommand implements Callable<Integer> {
  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME",
      required = true,
      description = "The environment whose lock to break (required).")
  String environment;

  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      description = "Project (default: the project of ./berth.yaml).")
  String project;

  @Option(
      names = {"-y", "--yes"},
      description = "Break it without asking (needed without a terminal).")
  boolean yes;

  private final Cli cli;

  public UnlockCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    String p = ProjectContext.require(project, cli.cwd());
    Term t = cli.term();
    String path = ApiPaths.env(p, environment) + "/lock";
    String where = p + "/" + environment;
    JsonNode lock = cli.api().get(path);
    if (!lock.path("locked").asBoolean()) {
      t.say(where + " is not locked; nothing to do.");
      return 0;
    }
    String held =
        "held by "
            + lock.path("holder").asText()
            + " ("
            + lock.path("operation").asText()
            + " on control plane "
            + lock.path("instance").asText()
            + ") since "
            + lock.path("acquiredAt").asText()
            + (lock.path("expired").asBoolean()
                ? ", lapsed (its control plane stopped heartbeating)"
                : ", until " + lock.path("expiresAt").asText() + " unless its holder heartbeats");
    if (!yes) {
      if (!cli.prompt().interactive()) {
        throw CliException.invalid(
            "the apply lock of "
                + where
                + " is "
                + held
                + ". Nothing was unlocked: there is no terminal to ask on, so pass --yes to break"
                + " it");
      }
      t.say(t.yellow("The apply lock of " + where + " is " + held + "."));
      t.say("Break it only if that apply is dead: an apply still running fails at its commit.");
      String answer = cli.prompt().readLine("Type the environment name to break the lock: ");
      if (answer == null || !answer.trim().equals(environment)) {
        throw CliException.failed("not confirmed; the lock was left in place");
      }
    }
    JsonNode r = cli.api().delete(path);
    t.say(
        r.path("unlocked").asBoolean()
            ? t.green("Unlocked " + where + ".") + " The next apply can run."
            : where + " was unlocked meanwhile; nothing to do.");
    return 0;
  }
}
