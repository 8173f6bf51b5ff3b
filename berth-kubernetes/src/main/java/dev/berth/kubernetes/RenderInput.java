package dev.berth.kubernetes;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ReleasePhase;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything rendering reads: one resolved environment of a project and the release it belongs to.
 * Immutable; rendering the same input twice gives equal objects.
 *
 * <p>Invariant: {@code release} is a DNS label of at most {@value #MAX_RELEASE} characters ({@code
 * v12}, {@code spec-1a2b3c4d}), since it is part of the release Job's name and a label value.
 *
 * @param project the project name (a DNS label of at most 40 characters, as the spec requires)
 * @param environment the environment, overrides merged
 * @param releasePhase the release command, or {@code null} when the project has none
 * @param release the release label
 * @param keda whether the cluster has KEDA's CRDs ({@code scaledobjects.keda.sh}): autoscaling is
 *     then a KEDA ScaledObject, otherwise an {@code autoscaling/v2} HorizontalPodAutoscaler for the
 *     CPU and memory triggers only. An input, not a client call, so rendering stays pure: the
 *     applier asks the cluster, an export from the spec alone assumes KEDA unless told otherwise
 */
public record RenderInput(
    String project,
    EnvironmentSpec environment,
    ReleasePhase releasePhase,
    String release,
    boolean keda) {

  public static final int MAX_RELEASE = 40;
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  public RenderInput {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(release, "release");
    if (release.length() > MAX_RELEASE || !LABEL.matcher(release).matches()) {
      throw new IllegalArgumentException(
          "'"
              + release
              + "' cannot name a release on Kubernetes: use lower-case letters, digits and dashes,"
              + " starting and ending with a letter or digit, at most "
              + MAX_RELEASE
              + " characters (e.g. v12)");
    }
  }

  /** An input for a cluster with KEDA (the spec's autoscaling model is KEDA's). */
  public RenderInput(
      String project, EnvironmentSpec environment, ReleasePhase releasePhase, String release) {
    this(project, environment, releasePhase, release, true);
  }

  /** The same input for a cluster with ({@code true}) or without KEDA's CRDs. */
  public RenderInput withKeda(boolean keda) {
    return new RenderInput(project, environment, releasePhase, release, keda);
  }

  /**
   * The named environment of a parsed spec.
   *
   * @throws ProjectSpec.UnknownEnvironmentException when the spec does not declare it
   */
  public static RenderInput of(ProjectSpec spec, String environment, String release) {
    return new RenderInput(spec.project(), spec.environment(environment), spec.release(), release);
  }
}
