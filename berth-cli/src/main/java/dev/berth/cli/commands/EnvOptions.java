package dev.berth.cli.commands;

import dev.berth.core.model.ProjectSpec;
import picocli.CommandLine.Option;

/** {@code --project} and {@code --env}, shared by every command that acts on an environment. */
public final class EnvOptions {
  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      description = "Project to act on (default: the project of ./berth.yaml).")
  String project;

  @Option(
      names = {"-e", "--env"},
      paramLabel = "NAME",
      description = "Environment (default: ${DEFAULT-VALUE}).",
      defaultValue = ProjectSpec.DEFAULT_ENVIRONMENT)
  String environment;

  public String environment() {
    return environment;
  }
}
