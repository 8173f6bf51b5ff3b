package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Cli;
import dev.berth.cli.ProjectContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth stop} and {@code berth start}: run no replicas of a service, or run them again. */
public final class StopStartCommands {
  private StopStartCommands() {}

  @Command(
      name = "stop",
      description =
          "Stop every replica of services (their replica counts are kept for berth start).")
  public static final class Stop implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> services;

    @Mixin EnvOptions target;
    private final Cli cli;

    public Stop(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return run(cli, target, services, "stop");
    }
  }

  @Command(name = "start", description = "Start stopped services again with their replica counts.")
  public static final class Start implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> services;

    @Mixin EnvOptions target;
    private final Cli cli;

    public Start(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      return run(cli, target, services, "start");
    }
  }

  static int run(Cli cli, EnvOptions target, List<String> services, String verb) {
    String project = ProjectContext.require(target.project, cli.cwd());
    for (String s : services) {
      JsonNode r =
          cli.api().post(ApiPaths.service(project, target.environment(), s) + "/" + verb, Map.of());
      ScaleCommand.Changes.print(cli.term(), r.path("changes"));
    }
    return 0;
  }
}
