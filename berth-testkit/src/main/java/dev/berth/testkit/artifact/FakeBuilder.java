package dev.berth.testkit.artifact;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.ArtifactStore;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.Builder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link Builder} fake: runs nothing. By default a build succeeds and its output is the source
 * artifact itself (a build that changed nothing); {@link #failNext} and {@link #timeOutNext} script
 * the next outcomes. Every output line scripted with {@link #printing} is handed to the consumer,
 * and every request is recorded.
 */
public final class FakeBuilder implements Builder {
  private final ArtifactStore store;
  private final Deque<BuildResult> scripted = new ArrayDeque<>();
  private final List<BuildRequest> requests = new ArrayList<>();
  private List<String> lines = List.of();

  public FakeBuilder(ArtifactStore store) {
    this.store = store;
  }

  /** Lines every build prints. */
  public synchronized FakeBuilder printing(String... output) {
    lines = List.of(output);
    return this;
  }

  /** The next build exits with {@code exitCode}. */
  public synchronized FakeBuilder failNext(int exitCode) {
    scripted.add(
        new BuildResult(
            BuildResult.Status.FAILED,
            null,
            exitCode,
            "build command exited with status " + exitCode,
            lines,
            "fake.log"));
    return this;
  }

  /** The next build runs past its timeout. */
  public synchronized FakeBuilder timeOutNext() {
    scripted.add(
        new BuildResult(
            BuildResult.Status.TIMED_OUT,
            null,
            -1,
            "build command did not finish within its timeout and was stopped",
            lines,
            "fake.log"));
    return this;
  }

  /** The requests seen so far. */
  public synchronized List<BuildRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized BuildResult build(BuildRequest request, Consumer<String> output) {
    requests.add(request);
    if (!store.exists(request.source())) {
      throw new ArtifactException(
          ArtifactException.Kind.NOT_FOUND, "artifact " + request.source() + " is not stored");
    }
    lines.forEach(output);
    BuildResult next = scripted.poll();
    if (next != null) {
      return next;
    }
    Artifact same =
        store.list().stream()
            .filter(a -> a.digest().equals(request.source()))
            .findFirst()
            .orElseThrow();
    return new BuildResult(BuildResult.Status.SUCCEEDED, same, 0, "", lines, "fake.log");
  }
}
