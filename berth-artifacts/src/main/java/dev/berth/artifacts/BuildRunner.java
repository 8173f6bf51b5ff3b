package dev.berth.artifacts;

import dev.berth.artifacts.internal.TarEntries;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.BuildResult.Status;
import dev.berth.engine.artifact.Builder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    Map<String, String> env = new java.util.LinkedHashMap<>(request.env());
    env.put("HOME", dir.resolve("home").toString());
    env.put("TMPDIR", dir.resolve("tmp").toString());
    CommandRun.Outcome o =
        CommandRun.run(
            "build-" + request.id(),
            request.command(),
            src,
            env,
            log,
            output,
            request.timeout(),
            grace,
            BuildResult.LAST_LINES);
    BuildResult result;
    if (!o.finished()) {
      result =
          failed(
              Status.TIMED_OUT,
              -1,
              "build command did not finish within "
                  + CommandRun.human(request.timeout())
                  + " and was stopped (SIGTERM, then SIGKILL after "
                  + CommandRun.human(grace)
                  + "): make it faster or raise the build timeout",
              o.lastLines(),
              log);
    } else if (o.exitCode() != 0) {
      result =
          failed(
              Status.FAILED,
              o.exitCode(),
              "build command exited with status " + o.exitCode(),
              o.lastLines(),
              log);
    } else {
      result = seal(request, src, o.lastLines(), log);
    }
    Files.writeString(
        log,
        "# build "
            + result.status().name().toLowerCase(java.util.Locale.ROOT)
            + (result.succeeded() ? ": " + result.artifact().digest() : ": " + result.reason())
            + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    return result;
  }

  private BuildResult seal(BuildRequest request, Path src, List<String> lastLines, Path log) {
    try {
      Artifact artifact =
          SourcePacker.everything()
              .packInto(store, src, request.maxArtifactBytes(), SourcePacker.Progress.NONE);
      return new BuildResult(Status.SUCCEEDED, artifact, 0, "", lastLines, log.toString());
    } catch (ArtifactException | UncheckedIOException e) {
      return failed(
          Status.FAILED,
          0,
          "the build's output could not be sealed: " + e.getMessage(),
          lastLines,
          log);
    }
  }

  private static BuildResult failed(
      Status status, int exit, String reason, List<String> lastLines, Path log) {
    return new BuildResult(status, null, exit, reason, lastLines, log.toString());
  }
}
