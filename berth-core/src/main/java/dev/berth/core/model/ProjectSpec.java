package dev.berth.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed and validated {@code berth.yaml}: a project, its services and its environments.
 *
 * <p>Invariant: every declared environment is fully resolved (overrides merged, defaults filled),
 * so nothing downstream merges again. When the file declares no {@code environments}, any
 * environment name is accepted and runs the base services on the local target, as a Heroku app runs
 * wherever it is created.
 *
 * @param project project name (a DNS label)
 * @param services the base services, in spec order, before environment overrides
 * @param build the build step, or {@code null} when there is none
 * @param release the release phase, or {@code null} when there is none
 * @param environments declared environments, resolved, in spec order (empty if none declared)
 */
public record ProjectSpec(
    String project,
    Map<String, ServiceSpec> services,
    BuildSpec build,
    ReleasePhase release,
    Map<String, EnvironmentSpec> environments) {

  /** The environment commands act on when none is named. */
  public static final String DEFAULT_ENVIRONMENT = "production";

  public ProjectSpec {
    Objects.requireNonNull(project, "project");
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    environments =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(environments == null ? Map.of() : environments));
  }

  /** A project without a build step, with the release command's default timeout. */
  public ProjectSpec(
      String project,
      Map<String, ServiceSpec> services,
      String releaseCommand,
      Map<String, EnvironmentSpec> environments) {
    this(
        project,
        services,
        null,
        releaseCommand == null ? null : new ReleasePhase(releaseCommand, null),
        environments);
  }

  /** The release-phase command, or {@code null} when there is no release phase. */
  public String releaseCommand() {
    return release == null ? null : release.command();
  }

  /**
   * The named environment, resolved.
   *
   * @throws UnknownEnvironmentException when environments are declared and this one is not
   */
  public EnvironmentSpec environment(String name) {
    if (environments.isEmpty()) {
      return new EnvironmentSpec(name, Target.LOCAL, services);
    }
    EnvironmentSpec env = environments.get(name);
    if (env == null) {
      throw new UnknownEnvironmentException(project, name, environments.keySet());
    }
    return env;
  }

  /** Raised when a command names an environment the spec does not declare. */
  public static final class UnknownEnvironmentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownEnvironmentException(
        String project, String name, java.util.Collection<String> declared) {
      super(
          "environment '"
              + name
              + "' is not declared in project '"
              + project
              + "'; declared: "
              + String.join(", ", declared)
              + ". Add it under 'environments:' in berth.yaml or pass --env with one of those.");
    }
  }
}
