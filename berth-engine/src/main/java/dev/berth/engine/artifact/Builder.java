package dev.berth.engine.artifact;

import java.util.function.Consumer;

/**
 * Runs a project's {@code build.command} over a source artifact and seals what it leaves as a new
 * artifact.
 *
 * <p>Invariant: a build only ever adds an artifact, and only when it succeeded. It runs in a copy
 * of its own, so a failed, hanging or misbehaving build never touches the source artifact, another
 * build or anything that runs.
 */
public interface Builder {

  /**
   * Builds and blocks until the build has succeeded, failed or timed out. Failures of the command
   * are a {@link BuildResult}, not an exception.
   *
   * @param output receives each line of the command's output (stdout and stderr merged) as it is
   *     printed, from the builder's own thread
   * @throws ArtifactException {@code NOT_FOUND} if the source artifact is missing, {@code NO_SPACE}
   *     if the disk is full before the command could start
   */
  BuildResult build(BuildRequest request, Consumer<String> output);
}
