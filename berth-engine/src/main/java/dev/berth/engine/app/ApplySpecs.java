package dev.berth.engine.app;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.model.Target;
import dev.berth.core.spec.SpecException;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.engine.runtime.RunAsPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec of an apply: parsed, resolved for its environment and checked against what this control
 * plane can run, or refused with an {@link AppException} that says what to fix.
 */
final class ApplySpecs {
  private ApplySpecs() {}

  /** What the user should know about a valid spec that does not stop the apply. */
  static List<String> warnings(ProjectSpec spec, EnvironmentSpec env) {
    List<String> warnings = new ArrayList<>();
    for (ServiceSpec s : env.serviceList()) {
      if (s.type() == ServiceType.CRON) {
        dev.berth.core.cron.CronSchedules.warning(s.cron().expression())
            .ifPresent(w -> warnings.add("cron service '" + s.name() + "': " + w));
      }
    }
    return warnings;
  }

  static ProjectSpec parse(ApplyRequest request) {
    try {
      return SpecParser.parse(
          new SpecSource(request.specFile(), request.specYaml(), request.procfile()));
    } catch (SpecException e) {
      throw new AppException(
          AppException.Kind.INVALID, "invalid_spec", e.getMessage(), e.problems());
    }
  }

  static EnvironmentSpec resolve(ProjectSpec spec, ApplyRequest request, RunAsPolicy runAs) {
    EnvironmentSpec resolved = resolveSpec(spec, request);
    for (ServiceSpec s : resolved.serviceList()) {
      if (!s.user().isEmpty()) {
        runAs
            .refusal(s.user())
            .ifPresent(
                why -> {
                  throw new AppException(
                      AppException.Kind.INVALID,
                      "invalid_user",
                      "service '" + s.name() + "': cannot run as user '" + s.user() + "': " + why);
                });
      }
    }
    return resolved;
  }

  static EnvironmentSpec resolveSpec(ProjectSpec spec, ApplyRequest request) {
    SpecParser.nameProblem(request.environment())
        .ifPresent(
            why -> {
              throw new AppException(
                  AppException.Kind.INVALID,
                  "invalid_environment",
                  "environment name '"
                      + request.environment()
                      + "' "
                      + why
                      + "; use lower-case letters, digits and dashes, starting with a letter"
                      + " (it becomes part of host names such as web.staging.shop.localhost)");
            });
    EnvironmentSpec env;
    try {
      env = spec.environment(request.environment());
    } catch (ProjectSpec.UnknownEnvironmentException e) {
      throw new AppException(AppException.Kind.INVALID, "unknown_environment", e.getMessage());
    }
    if (env.target() != Target.LOCAL) {
      throw new AppException(
          AppException.Kind.UNSUPPORTED,
          "unsupported_target",
          "environment '"
              + env.name()
              + "' targets "
              + env.target().wireName()
              + ", which this version of Berth cannot deploy to yet; use target: local");
    }
    if (!request.artifact().isEmpty()) {
      return env; // the code was uploaded: sourceDir only says where it came from
    }
    SourceDirs.problem(request.sourceDir())
        .ifPresent(
            why -> {
              throw new AppException(AppException.Kind.INVALID, "invalid_source_dir", why);
            });
    return env;
  }
}
