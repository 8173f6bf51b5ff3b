package dev.berth.artifacts;

import dev.berth.artifacts.internal.OutputPump;
import dev.berth.artifacts.internal.TarEntries;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.BuildResult.Status;
import dev.berth.engine.artifact.Builder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link Builder} on this machine: runs {@code build.command} with {@code sh -c} as a process
 * group of its own, in a copy of the source, and seals the result.
 *
 * <pre>
 *   builds/&lt;id&gt;/          0700, one per build
 *     src/       the source artifact unpacked; the command's working directory; packed on success
 *     home/      HOME of the command (caches such as ~/.npm stay out of the artifact)
 *     tmp/       TMPDIR of the command
 *     build.log  every output line; kept after the build (src, home and tmp are deleted)
 * </pre>
 *
 * <p>Isolation: the command sees only PATH, LANG, HOME, TMPDIR and the request's variables (none of
 * the control plane's environment, so no tokens), reads /dev/null on stdin, and runs under {@code
 * setsid}, so its whole process group can be signalled. When it exits, or at the timeout, the group
 * gets SIGTERM, then SIGKILL after the grace period: nothing it started outlives the build.
 *
 * <p>On success {@code src/} is packed with {@link SourcePacker#everything()} (build outputs such
 * as {@code node_modules} are wanted) straight into the store. On failure nothing is stored.
 */
public final class BuildRunner implements Builder {
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private final ArtifactStore store;
  private final Path buildsRoot;
  private final Duration grace;

  /**
   * @param store where sources are read from and outputs sealed into
   * @param buildsRoot a private directory on the same disk as the store ({@code <data-dir>/builds})
   */
  public BuildRunner(ArtifactStore store, Path buildsRoot) {
    this(store, buildsRoot, Duration.ofSeconds(10));
  }

  /** As above, with the time between SIGTERM and SIGKILL of a timed-out build. */
  public BuildRunner(ArtifactStore store, Path buildsRoot, Duration grace) {
    this.store = Objects.requireNonNull(store, "store");
    this.buildsRoot = TarEntries.privateDir(buildsRoot);
    this.grace = Objects.requireNonNull(grace, "grace");
  }

  /** The log of a build, whether it still runs or ended. */
  public Path logFile(String buildId) {
    return buildsRoot.resolve(buildId).resolve("build.log");
  }

  /**
   * Runs the build. An existing directory of the same id (a build interrupted by a crash) is
   * replaced.
   */
  @Override
  public BuildResult build(BuildRequest request, Consumer<String> output) {
    Path dir = buildsRoot.resolve(request.id());
    TarEntries.deleteTree(dir);
    TarEntries.privateDir(dir);
    Path src = dir.resolve("src");
    Path log = logFile(request.id());
    try {
      store.unpack(request.source(), src);
      Files.createDirectory(dir.resolve("home"));
      Files.createDirectory(dir.resolve("tmp"));
      Files.createFile(log);
      return run(request, output, dir, src, log);
    } catch (IOException e) {
      if (TarEntries.isNoSpace(e)) {
        throw new ArtifactException(
            ArtifactException.Kind.NO_SPACE,
            "the disk is full: cannot prepare build " + request.id() + "; free some space",
            e);
      }
      throw new UncheckedIOException("cannot prepare build " + request.id(), e);
    } finally {
      TarEntries.deleteTree(src);
      TarEntries.deleteTree(dir.resolve("home"));
      TarEntries.deleteTree(dir.resolve("tmp"));
    }
  }

  private BuildResult run(
      BuildRequest request, Consumer<String> output, Path dir, Path src, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", request.command());
    pb.directory(src.toFile());
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    String path = System.getenv("PATH");
    env.clear();
    env.put("PATH", path == null || path.isEmpty() ? DEFAULT_PATH : path);
    env.put("LANG", "C.UTF-8");
    env.putAll(request.env());
    env.put("HOME", dir.resolve("home").toString());
    env.put("TMPDIR", dir.resolve("tmp").toString());

    try (Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      Process process = pb.start();
      OutputPump pump =
          new OutputPump(process.getInputStream(), logWriter, output, BuildResult.LAST_LINES);
      Thread reader = new Thread(pump, "berth-build-" + request.id());
      reader.setDaemon(true);
      reader.start();

      boolean exited = waitFor(process, request.timeout());
      List<ProcessHandle> escaped = process.descendants().toList();
      ProcessGroup.stop(process.pid(), grace, escaped);
      joinQuietly(reader, Duration.ofSeconds(5));

      BuildResult result;
      if (!exited) {
        result =
            failed(
                Status.TIMED_OUT,
                -1,
                "build command did not finish within "
                    + human(request.timeout())
                    + " and was stopped (SIGTERM, then SIGKILL after "
                    + human(grace)
                    + "): make it faster or raise the build timeout",
                pump,
                log);
      } else if (process.exitValue() != 0) {
        result =
            failed(
                Status.FAILED,
                process.exitValue(),
                "build command exited with status " + process.exitValue(),
                pump,
                log);
      } else {
        result = seal(request, src, pump, log);
      }
      logWriter.write(
          "# build "
              + result.status().name().toLowerCase(java.util.Locale.ROOT)
              + (result.succeeded() ? ": " + result.artifact().digest() : ": " + result.reason())
              + "\n");
      return result;
    }
  }

  private BuildResult seal(BuildRequest request, Path src, OutputPump pump, Path log) {
    try {
      Artifact artifact =
          SourcePacker.everything()
              .packInto(store, src, request.maxArtifactBytes(), SourcePacker.Progress.NONE);
      return new BuildResult(Status.SUCCEEDED, artifact, 0, "", pump.lastLines(), log.toString());
    } catch (ArtifactException | UncheckedIOException e) {
      return failed(
          Status.FAILED, 0, "the build's output could not be sealed: " + e.getMessage(), pump, log);
    }
  }

  private static BuildResult failed(
      Status status, int exit, String reason, OutputPump pump, Path log) {
    return new BuildResult(status, null, exit, reason, pump.lastLines(), log.toString());
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void joinQuietly(Thread t, Duration max) {
    try {
      t.join(max.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
