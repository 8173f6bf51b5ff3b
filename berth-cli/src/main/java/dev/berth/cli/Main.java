package dev.berth.cli;

import dev.berth.cli.client.ApiFailure;
import dev.berth.cli.commands.ApplyCommand;
import dev.berth.cli.commands.AuditCommand;
import dev.berth.cli.commands.AutoscaleCommand;
import dev.berth.cli.commands.CapacityCommand;
import dev.berth.cli.commands.CostCommand;
import dev.berth.cli.commands.CronCommand;
import dev.berth.cli.commands.DestroyCommand;
import dev.berth.cli.commands.EventsCommand;
import dev.berth.cli.commands.ExportCommand;
import dev.berth.cli.commands.InitCommand;
import dev.berth.cli.commands.LoginCommand;
import dev.berth.cli.commands.LogsCommand;
import dev.berth.cli.commands.PlanCommand;
import dev.berth.cli.commands.PromoteCommand;
import dev.berth.cli.commands.ReleasesCommand;
import dev.berth.cli.commands.RollbackCommand;
import dev.berth.cli.commands.ScaleCommand;
import dev.berth.cli.commands.StatusCommand;
import dev.berth.cli.commands.StopStartCommands;
import dev.berth.cli.commands.UnlockCommand;
import dev.berth.cli.commands.UpCommand;
import java.lang.reflect.Constructor;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code berth} command. Exit codes: 0 success, 1 the operation failed, 2 invalid input (bad
 * spec, bad flag), 3 cannot reach or authenticate to the server. Messages for a person go to
 * stderr, data to stdout.
 */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = "Describe your app in berth.yaml, apply it, and it runs.",
    subcommands = {
      UpCommand.class,
      LoginCommand.class,
      InitCommand.class,
      ApplyCommand.class,
      PlanCommand.class,
      UnlockCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      ScaleCommand.class,
      StopStartCommands.Stop.class,
      StopStartCommands.Start.class,
      DestroyCommand.class,
      EventsCommand.class,
      ReleasesCommand.class,
      RollbackCommand.class,
      PromoteCommand.class,
      AuditCommand.class,
      CronCommand.class,
      AutoscaleCommand.class,
      dev.berth.cli.commands.ConfigCommand.class,
      ExportCommand.class,
      CapacityCommand.class,
      CostCommand.class,
      dev.berth.cli.commands.EnvCommand.class,
      dev.berth.cli.commands.TokenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(run(Cli.system(), args));
  }

  /**
   * Runs the command line and returns the exit code (tests call this with their own {@link Cli}).
   */
  public static int run(Cli cli, String... args) {
    CommandLine cmd = new CommandLine(new Main(), new Factory(cli));
    cmd.setOut(new java.io.PrintWriter(cli.term().out(), true));
    cmd.setErr(new java.io.PrintWriter(cli.term().err(), true));
    cmd.setExitCodeExceptionMapper(Main::exitCode);
    cmd.setParameterExceptionHandler(
        (ex, a) -> {
          cli.term().say(cli.term().red("error: ") + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, cli.term().err());
          cli.term()
              .say(
                  "See 'berth "
                      + (ex.getCommandLine().getCommandName().equals("berth")
                          ? ""
                          : ex.getCommandLine().getCommandName() + " ")
                      + "--help'.");
          return CliException.INVALID;
        });
    cmd.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
          if (!(ex instanceof CliException) && !(ex instanceof ApiFailure)) {
            message = "unexpected failure: " + ex;
          }
          cli.term().say(cli.term().red("error: ") + message);
          return exitCode(ex);
        });
    return cmd.execute(args);
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof CliException c) {
      return c.exitCode();
    }
    if (ex instanceof ApiFailure f) {
      return f.exitCode();
    }
    return CliException.FAILED;
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return CliException.INVALID;
  }

  /** Builds commands, handing those that want it the {@link Cli}. */
  static final class Factory implements CommandLine.IFactory {
    private final Cli cli;

    Factory(Cli cli) {
      this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> c = type.getDeclaredConstructor(Cli.class);
        return c.newInstance(cli);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "berth "
            + (v == null ? "development" : v)
            + " (Java "
            + System.getProperty("java.version")
            + ")"
      };
    }
  }
}
