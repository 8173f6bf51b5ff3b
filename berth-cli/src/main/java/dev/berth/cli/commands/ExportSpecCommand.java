package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import dev.berth.cli.client.CliJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth export spec --env NAME}: the effective, fully resolved spec of an environment as it
 * runs now, as a berth.yaml on stdout, so state can always be written back to git.
 */
@Command(
    name = "spec",
    description = "Print the effective spec of an environment as berth.yaml (to commit to git).")
public final class ExportSpecCommand implements Callable<Integer> {
  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME",
      required = true,
      description = "The environment (required).")
  String environment;

  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      description = "Project (default: the project of ./berth.yaml).")
  String project;

  @Mixin OutputOption output;

  private final Cli cli;

  public ExportSpecCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    boolean json = output.json();
    String p = ProjectContext.require(project, cli.cwd());
    JsonNode doc = cli.api().get(ApiPaths.env(p, environment) + "/spec");
    cli.term()
        .out()
        .print(json ? CliJson.pretty().writeValueAsString(doc) + "\n" : doc.path("yaml").asText());
    return 0;
  }
}
