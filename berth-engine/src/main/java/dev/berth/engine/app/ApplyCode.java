package dev.berth.engine.app;

import dev.berth.core.model.ProjectSpec;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.artifact.Artifact;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.Builder;
import dev.berth.engine.store.EnvironmentKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The code of an apply, made ready before its transaction: the uploaded artifact checked, or the
 * directory packed; the project's build run on it; the result unpacked for the environment. All of
 * it is IO and may take long, so none of it happens while the store is locked; a failure here
 * changes nothing.
 */
final class ApplyCode {
  private final AppCode code;
  private final Builder builder;
  private final Clock clock;

  ApplyCode(AppCode code, Builder builder, Clock clock) {
    this.code = code;
    this.builder = builder;
    this.clock = clock;
  }

  /**
   * The code of an apply.
   *
   * @param digest its artifact
   * @param workingDir where replicas run it (the same directory for the same code)
   */
  record Code(String digest, String workingDir) {}

  /** Stores the code (packs the directory, or checks the upload) and unpacks it. */
  Code checkout(
      EnvironmentKey key, ApplyRequest request, ProjectSpec spec, Consumer<String> buildOutput) {
    try {
      String digest =
          request.artifact().isEmpty()
              ? code.pack(Path.of(request.sourceDir()).normalize(), specName(request)).digest()
              : uploaded(request);
      if (spec.build() != null) {
        digest = build(key, digest, spec.build(), buildOutput);
      }
      return new Code(digest, code.checkout(key, digest).toString());
    } catch (ArtifactException e) {
      throw problem(e);
    }
  }

  /**
   * Runs the project's build on {@code source} and returns the sealed artifact; a failed build
   * changes nothing that runs (the apply stops here, before anything is stored).
   */
  private String build(
      EnvironmentKey key,
      String source,
      dev.berth.core.model.BuildSpec b,
      Consumer<String> buildOutput) {
    String id = key.project() + "-" + key.environment() + "-" + clock.millis();
    BuildResult r =
        builder.build(
            new BuildRequest(id, source, b.command(), b.timeout(), Map.of(), code.maxBytes()),
            buildOutput);
    if (!r.succeeded()) {
      List<String> last = r.lastLines();
      throw new AppException(
          AppException.Kind.CONFLICT,
          "build_failed",
          "the build failed, nothing was deployed: "
              + r.reason()
              + (last.isEmpty()
                  ? ""
                  : "; last lines: "
                      + String.join(
                          " | ", last.subList(Math.max(0, last.size() - 10), last.size())))
              + "; the whole output is in "
              + r.logFile());
    }
    return r.artifact().digest();
  }

  /** The spec's name in the directory packed (the release keeps it; the code leaves it out). */
  private static String specName(ApplyRequest request) {
    java.nio.file.Path name = Path.of(request.specFile()).getFileName();
    return name == null ? "berth.yaml" : name.toString();
  }

  /** The digest an apply's code would have, storing nothing (for dry runs). */
  String plannedDigest(ApplyRequest request) {
    return request.artifact().isEmpty() ? packDigest(request) : validDigest(request);
  }

  private String packDigest(ApplyRequest request) {
    try {
      return code.digest(Path.of(request.sourceDir()).normalize(), specName(request));
    } catch (ArtifactException e) {
      throw problem(e);
    }
  }

  private String uploaded(ApplyRequest request) {
    validDigest(request);
    if (!code.exists(request.artifact())) {
      throw new AppException(
          AppException.Kind.INVALID,
          "unknown_artifact",
          "artifact "
              + request.artifact()
              + " is not stored on the control plane: upload it first (PUT /api/v1/artifacts),"
              + " as berth apply does");
    }
    return request.artifact();
  }

  private static String validDigest(ApplyRequest request) {
    if (!Artifact.isDigest(request.artifact())) {
      throw new AppException(
          AppException.Kind.INVALID,
          "invalid_artifact",
          "artifact must be a digest like sha256:<64 hex digits>, got '"
              + request.artifact()
              + "'");
    }
    return request.artifact();
  }

  static AppException problem(ArtifactException e) {
    AppException.Kind kind =
        switch (e.kind()) {
          case TOO_LARGE, INVALID -> AppException.Kind.INVALID;
          case NOT_FOUND -> AppException.Kind.NOT_FOUND;
          case NO_SPACE -> AppException.Kind.NO_SPACE;
        };
    return new AppException(kind, e.code(), e.getMessage());
  }
}
