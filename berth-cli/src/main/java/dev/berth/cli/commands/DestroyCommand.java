package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.term.Term;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth destroy --env NAME}: stop and forget an environment (its logs are kept). */
@Command(
    name = "destroy",
    description = "Stop every replica of an environment and remove it (logs are kept).")
public final class DestroyCommand implements Callable<Integer> {
  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME",
      required = true,
      description = "The environment to destroy (required).")
  String environment;

  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      description = "Project (default: the project of ./berth.yaml).")
  String project;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  private final Cli cli;

  public DestroyCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    String p = ProjectContext.require(project, cli.cwd());
    Term t = cli.term();
    if (!yes) {
      if (!cli.prompt().interactive()) {
        throw CliException.invalid("destroy needs --yes when it cannot ask (no terminal)");
      }
      String answer =
          cli.prompt()
              .readLine(
                  "Destroy "
                      + p
                      + "/"
                      + environment
                      + "? Every replica stops. Type the environment name to confirm: ");
      if (answer == null || !answer.trim().equals(environment)) {
        throw CliException.failed("not confirmed; nothing was destroyed");
      }
    }
    String path = ApiPaths.env(p, environment);
    JsonNode r = cli.api().delete(path);
    t.say(
        "Destroying "
            + p
            + "/"
            + environment
            + ": stopping "
            + r.path("destroying").size()
            + " service(s)...");
    long deadline = System.nanoTime() + 5L * 60 * 1_000_000_000L;
    int last = -1;
    while (System.nanoTime() < deadline) {
      int left = cli.api().get(path + "/replicas").size();
      if (left == 0) {
        t.say(t.green(p + "/" + environment + " destroyed."));
        return 0;
      }
      if (left != last) {
        t.say("  " + left + " replica(s) stopping");
        last = left;
      }
      Thread.sleep(250);
    }
    throw CliException.failed(
        "replicas of " + p + "/" + environment + " are still stopping; see berth events");
  }
}
