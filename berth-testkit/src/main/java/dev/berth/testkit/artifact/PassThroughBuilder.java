package dev.berth.testkit.artifact;

import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.Builder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A builder for engine tests alongside {@link DirectoryAppCode}: a build "produces" its source
 * unchanged, unless the test scripted the next one to fail.
 */
public final class PassThroughBuilder implements Builder {
  private final List<BuildRequest> requests = new ArrayList<>();
  private BuildResult next;

  /** The next build fails with {@code exitCode} after printing {@code lines}. */
  public synchronized PassThroughBuilder failNext(int exitCode, String... lines) {
    next =
        new BuildResult(
            BuildResult.Status.FAILED,
            null,
            exitCode,
            "build command exited with status " + exitCode,
            List.of(lines),
            "fake-build.log");
    return this;
  }

  public synchronized List<BuildRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized BuildResult build(BuildRequest request, Consumer<String> output) {
    requests.add(request);
    BuildResult r = next;
    next = null;
    if (r != null) {
      r.lastLines().forEach(output);
      return r;
    }
    return new BuildResult(
        BuildResult.Status.SUCCEEDED,
        new Artifact(request.source(), 0, 0),
        0,
        "",
        List.of(),
        "fake-build.log");
  }
}
