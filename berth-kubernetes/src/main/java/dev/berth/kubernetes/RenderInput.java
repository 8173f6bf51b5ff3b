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
 */
public record RenderInput(
    String project, EnvironmentSpec environment, ReleasePhase releasePhase, String release) {

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

  /**
   * The named environment of a parsed spec.
   *
   * @throws ProjectSpec.UnknownEnvironmentException when the spec does not declare it
   */
  public static RenderInput of(ProjectSpec spec, String environment, String release) {
    return new RenderInput(spec.project(), spec.environment(environment), spec.release(), release);
  }
}
