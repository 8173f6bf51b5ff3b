package dev.berth.cli.commands;

import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecInit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth init}: write a berth.yaml for the app in this directory from its Procfile. */
@Command(name = "init", description = "Write a berth.yaml from the Procfile in this directory.")
public final class InitCommand implements Callable<Integer> {
  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      description = "Project name (default: from the directory name).")
  String project;

  @Option(names = "--force", description = "Overwrite an existing berth.yaml.")
  boolean force;

  private final Cli cli;

  public InitCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    Path procfile = cli.cwd().resolve("Procfile");
    Path spec = cli.cwd().resolve("berth.yaml");
    if (!Files.isRegularFile(procfile)) {
      throw CliException.invalid(
          "no Procfile in "
              + cli.cwd()
              + ": berth init reads one ('web: command' lines); or write berth.yaml by hand (see docs/spec.md)");
    }
    if (Files.exists(spec) && !force) {
      throw CliException.invalid(spec + " already exists; pass --force to overwrite it");
    }
    String name =
        project != null
            ? project
            : SpecInit.projectNameFrom(
                cli.cwd().getFileName() == null ? "app" : cli.cwd().getFileName().toString());
    String yaml;
    try {
      yaml = SpecInit.fromProcfile(name, Files.readString(procfile, StandardCharsets.UTF_8));
    } catch (SpecException e) {
      throw CliException.invalid(e.getMessage());
    }
    Files.writeString(spec, yaml, StandardCharsets.UTF_8);
    cli.term().say("Wrote " + spec + " for project '" + name + "'. Next: berth apply");
    return 0;
  }
}
