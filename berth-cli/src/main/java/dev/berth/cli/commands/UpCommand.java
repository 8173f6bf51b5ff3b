package dev.berth.cli.commands;

import dev.berth.cli.Cli;
import dev.berth.cli.CliException;
import dev.berth.cli.term.Term;
import dev.berth.core.decide.CrashLoopBackoff;
import dev.berth.core.spec.Durations;
import dev.berth.router.HostNames;
import dev.berth.server.ControlPlane;
import dev.berth.server.DataDirLock;
import dev.berth.server.DataDirectory;
import dev.berth.server.ServerConfig;
import dev.berth.server.auth.AdminToken;
import dev.berth.server.auth.ClientConfig;
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
      description = "Where state and logs live (default: $BERTH_DATA_DIR, else $HOME/.berth).")
  Path dataDir;

  @Option(
      names = "--api-port",
      paramLabel = "PORT",
      defaultValue = "" + ServerConfig.DEFAULT_API_PORT,
      description = "API port (default: ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--router-port",
      paramLabel = "PORT",
      defaultValue = "" + ServerConfig.DEFAULT_ROUTER_PORT,
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

  @Option(
      names = "--restart-backoff",
      paramLabel = "BASE,CAP",
      defaultValue = "1s,2m",
      description =
          "CrashLoopBackOff of crashing replicas: the first restart is immediate, then BASE"
              + " doubling up to CAP (default: ${DEFAULT-VALUE}; reset after 5m of clean running).")
  String restartBackoff;

  @Option(
      names = "--max-artifact-size",
      paramLabel = "SIZE",
      defaultValue = "1Gi",
      description =
          "The largest packed app (artifact) berth apply may upload, in Kubernetes quantity"
              + " syntax (default: ${DEFAULT-VALUE}).")
  String maxArtifactSize;

  @Option(
      names = "--keep-artifacts",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "How many recent artifacts each environment keeps (the live and the last good release's"
              + " are always kept; default: ${DEFAULT-VALUE}).")
  int keepArtifacts;

  private final Cli cli;

  public UpCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() throws Exception {
    Term t = cli.term();
    ServerConfig cfg = config();
    Path clientConfig = clientConfigPath();
    DataDirLock lock;
    try {
      DataDirectory.secure(cfg.dataDir()).ifPresent(m -> t.say(t.yellow("note: ") + m));
      lock = DataDirLock.acquire(cfg.dataDir());
    } catch (java.io.IOException e) {
      throw CliException.failed(
          "cannot use data directory "
              + cfg.dataDir()
              + ": "
              + rootMessage(e)
              + "; choose another with --data-dir");
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
                  StopStatusLine line = new StopStatusLine(t, Clock.systemUTC());
                  cp.close(line);
                  line.finish();
                  lock.close();
                  t.say("Stopped.");
                  stopped.countDown();
                },
                "berth-shutdown"));
    AdminToken.Saved saved =
        AdminToken.save(cp.store(), clientConfig, cp.apiUrl(), cfg.dataDir(), Clock.systemUTC());
    String token = saved.token();
    t.say(
        t.bold("Berth is up.")
            + "\n"
            + "  API      "
            + cp.apiUrl()
            + "\n"
            + "  Router   http://"
            + HostNames.EXPECTED_FORM
            + ":"
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
            + saved.previous().map(p -> switchedFrom(t, p, cp.apiUrl())).orElse("")
            + "Ctrl-C stops it"
            + (cfg.keepRunning()
                ? "; replicas keep running."
                : " and its replicas (--keep-running leaves them running)."));
    if (demo) {
      new DemoDeploy(cli, cp, token).run();
    }
    stopped.await();
    return 0;
  }

  private ServerConfig config() {
    Duration grace = duration("--stop-grace", stopGrace);
    String[] backoff = restartBackoff.split(",", -1);
    if (backoff.length != 2) {
      throw CliException.invalid("--restart-backoff takes BASE,CAP such as 1s,2m");
    }
    Duration base = duration("--restart-backoff", backoff[0].trim());
    Duration cap = duration("--restart-backoff", backoff[1].trim());
    if (cap.compareTo(base) < 0) {
      throw CliException.invalid("--restart-backoff: the cap must not be below the base");
    }
    if (apiPort < 0 || apiPort > 65535 || routerPort < 0 || routerPort > 65535) {
      throw CliException.invalid("ports must be between 0 and 65535");
    }
    if (apiPort != 0 && apiPort == routerPort) {
      throw CliException.invalid("--api-port and --router-port must differ");
    }
    Path dir;
    try {
      dir =
          cli.cwd()
              .resolve(dataDir != null ? dataDir : ServerConfig.defaultDataDir(cli.env()))
              .toAbsolutePath()
              .normalize();
    } catch (IllegalStateException e) {
      throw CliException.invalid(e.getMessage());
    }
    ServerConfig cfg =
        ServerConfig.defaults(dir)
            .withPorts(apiPort, routerPort)
            .withKeepRunning(keepRunning)
            .withStopGrace(grace)
            .withBackoff(new CrashLoopBackoff(base, cap, CrashLoopBackoff.DEFAULT.resetAfter()))
            .withMaxArtifactBytes(maxArtifactBytes())
            .withKeepArtifacts(keepArtifacts());
    if (database != null) {
      cfg = cfg.withDatabaseUrl(database);
    }
    return cfg;
  }

  private int keepArtifacts() {
    if (keepArtifacts < 1) {
      throw CliException.invalid("--keep-artifacts must be at least 1, got " + keepArtifacts);
    }
    return keepArtifacts;
  }

  private long maxArtifactBytes() {
    try {
      long bytes = dev.berth.core.spec.Quantities.parseMemoryBytes(maxArtifactSize);
      if (bytes < 1) {
        throw new IllegalArgumentException("must be positive");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(
          "--max-artifact-size must be a size like 500Mi or 2Gi, got '" + maxArtifactSize + "'");
    }
  }

  /** Says which control plane the config pointed at before this one, and how to go back. */
  static String switchedFrom(Term t, ClientConfig.Target previous, String ourUrl) {
    String back =
        previous.url() != null && !previous.url().equals(ourUrl)
            ? "berth login --url " + previous.url() + " switches back"
            : previous.dataDir() != null
                ? "berth up --data-dir " + previous.dataDir() + " finds it again"
                : "berth login --url URL --token TOKEN switches to another";
    return t.yellow("  Note     ")
        + "the CLI config now points at this control plane; it pointed at "
        + previous.describe()
        + ",\n           whose token is kept there: "
        + back
        + "\n";
  }

  private Path clientConfigPath() {
    try {
      return ClientConfig.defaultPath(cli.env());
    } catch (IllegalStateException e) {
      throw CliException.invalid(e.getMessage());
    }
  }

  private static Duration duration(String flag, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(flag + " takes durations like 10s or 2m, got '" + text + "'");
    }
  }

  static String rootMessage(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : m;
  }
}
