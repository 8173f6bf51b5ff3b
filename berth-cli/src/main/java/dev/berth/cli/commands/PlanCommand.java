package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.client.ApiFailure;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import dev.berth.core.model.ProjectSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth plan}: what {@code berth apply} would change, field by field, with the drift seen,
 * stored nowhere. {@code --out plan.json} saves it for {@code berth apply plan.json}, which applies
 * exactly it or nothing. Exit codes as Terraform's: 0, or with {@code --detailed-exitcode} 2 when
 * there are changes (1 failed, 2 also for invalid input, 3 no server, as every verb).
 */
@Command(
    name = "plan",
    description = "Show what applying berth.yaml would change; --out saves the plan to apply.")
public final class PlanCommand implements Callable<Integer> {
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
      names = "--out",
      paramLabel = "FILE",
      description = "Save the plan to FILE; berth apply FILE applies exactly it.")
  Path out;

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 2 when there are changes, 0 when there are none.")
  boolean detailedExitCode;

  @Mixin OutputOption output;

  private final Cli cli;

  public PlanCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    boolean json = output.json();
    Term t = cli.term();
    Path target = out == null ? null : cli.cwd().resolve(out).toAbsolutePath().normalize();
    SpecBody spec = SpecBody.read(cli, file, false, true, target);
    Map<String, Object> body = spec.body();
    body.put("environment", environment);
    JsonNode doc;
    try {
      doc = cli.api().postAndWait("/api/v1/plan", body);
    } catch (ApiFailure f) {
      throw SpecProblems.orFailure(
          t, f, "nothing was planned; fix the spec and run berth plan again");
    }
    if (json) {
      t.out().println(CliJson.pretty().writeValueAsString(doc));
    } else {
      PlanPrinter.print(t, t.out(), doc);
      for (JsonNode warning : doc.path("warnings")) {
        t.say(t.yellow("warning: ") + warning.asText());
      }
    }
    boolean changes = doc.path("plan").path("changes").asBoolean();
    if (out != null) {
      SavedPlanFile.write(target, doc, body, spec.dir(), spec.specName());
      t.say(
          "Saved the plan to "
              + SpecBody.relative(cli, target)
              + (changes
                  ? ". Apply exactly it with: berth apply " + SpecBody.relative(cli, target)
                  : " (no changes)."));
    }
    return detailedExitCode && changes ? CliException.INVALID : 0;
  }
}
