package dev.berth.cli.commands;

import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.term.Term;
import dev.berth.core.spec.Durations;
import dev.berth.server.ControlPlane;
import dev.berth.server.DataDirLock;
import dev.berth.server.ServerConfig;
import dev.berth.server.auth.AdminToken;
import dev.berth.server.auth.ClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth up}: runs the control plane in the foreground with the embedded defaults, prints the
 * API URL and an admin token and saves them for the CLI; with {@code --demo}, deploys the demo app.
 * Ctrl-C stops it (and its replicas, unless {@code --keep-running}).
 */
@Command(
    name = "up",
    description = "Run the Berth control plane in the foreground (Ctrl-C stops it).")
public final class UpCommand implements Callable<Integer> {
  @Option(
      names = "--demo",
      description = "Deploy the demo app (examples/lms) once the control plane is up.")
  boolean demo;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where state and logs live (default: ~/.berth).")
  Path dataDir;

  @Option(
      names = "--api-port",
      paramLabel = "PORT",
      defaultValue = "7070",
      description = "API port (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--router-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Router port (default: ${DEFAULT-VALUE}).")
  int routerPort;

  @Option(
      names = "--database",
      paramLabel = "URL",
      description =
          "Keep state in PostgreSQL (postgresql://user@host:5432/db) instead of the embedded SQLite.")
  String database;

  @Option(
      names = "--keep-running",
      description =
          "Leave replicas running when the control plane stops (the next berth up adopts them).")
  boolean keepRunning;

  @Option(
      names = "--stop-grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "How long replicas get to stop after SIGTERM (default: ${DEFAULT-VALUE}).")
  String stopGrace;

  private final Cli cli;

  public UpCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    Term t = cli.term();
    ServerConfig cfg = config();
    DataDirLock lock;
    try {
      lock = DataDirLock.acquire(cfg.dataDir());
    } catch (IllegalStateException e) {
      throw CliException.failed(e.getMessage());
    }
    ControlPlane cp;
    try {
      cp = new ControlPlane(cfg, Clock.systemUTC()).start();
    } catch (RuntimeException e) {
      lock.close();
      throw CliException.failed(rootMessage(e));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  t.say(
                      "\nStopping the control plane"
                          + (cfg.keepRunning() ? " (replicas keep running)" : " and its replicas")
                          + "...");
                  cp.close();
                  lock.close();
                  t.say("Stopped.");
                  stopped.countDown();
                },
                "berth-shutdown"));
    Path clientConfig = ClientConfig.defaultPath(cli.env());
    String token = AdminToken.ensure(cp.store(), clientConfig, cp.apiUrl(), Clock.systemUTC());
    t.say(
        t.bold("Berth is up.")
            + "\n"
            + "  API      "
            + cp.apiUrl()
            + "\n"
            + "  Router   http://<service>.<environment>.<project>.localhost:"
            + cp.routerPort()
            + "/\n"
            + "  Data     "
            + cfg.dataDir()
            + (cfg.databaseUrl() == null ? " (SQLite)" : " (state in PostgreSQL)")
            + "\n"
            + "  Token    "
            + token
            + "\n"
            + "           saved with the URL to "
            + clientConfig
            + ": berth commands in another terminal just work\n"
            + "Ctrl-C stops it"
            + (cfg.keepRunning()
                ? "; replicas keep running."
                : " and its replicas (--keep-running leaves them running)."));
    if (demo) {
      new DemoDeploy(cli, cp).run();
    }
    stopped.await();
    return 0;
  }

  private ServerConfig config() {
    Duration grace;
    try {
      grace = Durations.parse(stopGrace);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(
          "--stop-grace must be a duration like 10s, got '" + stopGrace + "'");
    }
    if (apiPort < 0 || apiPort > 65535 || routerPort < 0 || routerPort > 65535) {
      throw CliException.invalid("ports must be between 0 and 65535");
    }
    if (apiPort != 0 && apiPort == routerPort) {
      throw CliException.invalid("--api-port and --router-port must differ");
    }
    ServerConfig cfg =
        ServerConfig.defaults()
            .withPorts(apiPort, routerPort)
            .withKeepRunning(keepRunning)
            .withStopGrace(grace);
    if (dataDir != null) {
      cfg = cfg.withDataDir(cli.cwd().resolve(dataDir).toAbsolutePath().normalize());
    } else if (cli.env().get("BERTH_DATA_DIR") != null) {
      cfg = cfg.withDataDir(Path.of(cli.env().get("BERTH_DATA_DIR")).toAbsolutePath());
    }
    if (database != null) {
      cfg = cfg.withDatabaseUrl(database);
    }
    if (Files.exists(cfg.dataDir()) && !Files.isDirectory(cfg.dataDir())) {
      throw CliException.invalid("--data-dir " + cfg.dataDir() + " is a file, not a directory");
    }
    return cfg;
  }

  static String rootMessage(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : m;
  }
}
