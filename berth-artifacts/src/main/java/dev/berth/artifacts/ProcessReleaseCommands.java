package dev.berth.artifacts;

import dev.berth.artifacts.internal.TailLines;
import dev.berth.artifacts.internal.TarEntries;
import dev.berth.engine.release.ReleaseCommands;
import dev.berth.engine.store.EnvironmentKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Release commands as processes ({@link CommandRun}): one thread each, output to {@code
 * <root>/<project>/<environment>/v<N>.log}, a private {@code HOME} and {@code TMPDIR} beside it,
 * and the environment's {@code BERTH_SHARED_DIR}, so a migration can reach what the app keeps.
 */
public final class ProcessReleaseCommands implements ReleaseCommands, AutoCloseable {
  /** The most bytes one read of a release command's output looks at, from its end. */
  static final long MAX_OUTPUT_SCAN = 64L * 1024 * 1024;

  /** Lines of output kept for the outcome (the whole output is in the log file). */
  static final int LAST_LINES = 20;

  private final Path root;
  private final Path volumes;
  private final Duration grace;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "berth-release-command");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param root where logs and private directories go ({@code <data-dir>/releases})
   * @param volumes the persistent directories' root ({@code <data-dir>/volumes})
   * @param grace between SIGTERM and SIGKILL at the timeout
   */
  public ProcessReleaseCommands(Path root, Path volumes, Duration grace) {
    this.root = root;
    this.volumes = volumes;
    this.grace = grace;
  }

  private Path envDir(EnvironmentKey env) {
    return root.resolve(env.project()).resolve(env.environment());
  }

  Path log(EnvironmentKey env, long version) {
    return envDir(env).resolve("v" + version + ".log");
  }

  @Override
  public void start(Run run, Consumer<Outcome> done) {
    threads.execute(() -> done.accept(runNow(run)));
  }

  private Outcome runNow(Run run) {
    try {
      Path dir = TarEntries.privateDir(envDir(run.env()));
      Path scratch = TarEntries.privateDir(dir.resolve("v" + run.version()));
      Path home = TarEntries.privateDir(scratch.resolve("home"));
      Path tmp = TarEntries.privateDir(scratch.resolve("tmp"));
      Path shared =
          TarEntries.privateDir(
              TarEntries.privateDir(
                      TarEntries.privateDir(volumes.resolve(run.env().project()))
                          .resolve(run.env().environment()))
                  .resolve("shared"));
      Map<String, String> env = new LinkedHashMap<>(run.variables());
      env.put("HOME", home.toString());
      env.put("TMPDIR", tmp.toString());
      env.put("BERTH_SHARED_DIR", shared.toString());
      CommandRun.Outcome o =
          CommandRun.run(
              "release-" + run.version(),
              run.command(),
              run.workingDir(),
              env,
              log(run.env(), run.version()),
              line -> {},
              run.timeout(),
              grace,
              LAST_LINES);
      TarEntries.deleteTree(scratch);
      if (!o.finished()) {
        return new Outcome(
            false,
            "did not finish within "
                + CommandRun.human(run.timeout())
                + " (release.timeout) and was stopped",
            o.lastLines());
      }
      return o.exitCode() == 0
          ? new Outcome(true, "", o.lastLines())
          : new Outcome(false, "exited with status " + o.exitCode(), o.lastLines());
    } catch (IOException | RuntimeException e) {
      return new Outcome(false, "could not run: " + e.getMessage(), List.of());
    }
  }

  @Override
  public List<String> output(EnvironmentKey env, long version, int max) {
    Path log = log(env, version);
    if (!Files.isRegularFile(log)) {
      return List.of();
    }
    try {
      return TailLines.read(log, max, MAX_OUTPUT_SCAN);
    } catch (IOException e) {
      return List.of("(the release command's log cannot be read: " + e.getMessage() + ")");
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
