package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.term.Term;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth scale web=3 worker=0}: change replica counts (kept across unchanged re-applies). */
@Command(name = "scale", description = "Set the number of replicas: berth scale web=3 worker=2")
public final class ScaleCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "SERVICE=N",
      description = "Services and replica counts.")
  List<String> assignments;

  @Mixin EnvOptions target;

  private final Cli cli;

  public ScaleCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Map<String, Integer> counts = parse(assignments);
    String project = ProjectContext.require(target.project, cli.cwd());
    JsonNode r =
        cli.api()
            .post(
                ApiPaths.env(project, target.environment()) + "/scale", Map.of("replicas", counts));
    Changes.print(cli.term(), r.path("changes"));
    return 0;
  }

  static Map<String, Integer> parse(List<String> assignments) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0 || eq == a.length() - 1) {
        throw CliException.invalid("'" + a + "' is not SERVICE=N (for example web=3)");
      }
      String name = a.substring(0, eq);
      String n = a.substring(eq + 1);
      int value;
      try {
        value = Integer.parseInt(n);
      } catch (NumberFormatException e) {
        throw CliException.invalid("'" + n + "' in '" + a + "' is not a whole number of replicas");
      }
      if (counts.put(name, value) != null) {
        throw CliException.invalid("'" + name + "' is given twice");
      }
    }
    return counts;
  }

  /** Prints a list of changes from the API. */
  static final class Changes {
    private Changes() {}

    static void print(Term t, JsonNode changes) {
      for (JsonNode c : changes) {
        t.say(
            "  "
                + c.path("service").asText()
                + "  "
                + t.state(c.path("action").asText())
                + (c.path("detail").asText().isEmpty() ? "" : "  " + c.path("detail").asText()));
      }
    }
  }
}
