package dev.berth.engine.app;

import dev.berth.core.model.ProjectSpec;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import java.util.stream.Collectors;

/** "Not found" errors that list what does exist, so the next command is obvious. */
public final class Lookups {
  private Lookups() {}

  /** The environment is not deployed: say how to deploy it and what is deployed. */
  public static AppException noEnvironment(StoreTx tx, EnvironmentKey env) {
    List<EnvironmentRecord> all = tx.environments().list();
    String apply =
        "run berth apply"
            + (env.environment().equals(ProjectSpec.DEFAULT_ENVIRONMENT)
                ? ""
                : " --env " + env.environment())
            + " in the app's directory";
    String known =
        all.isEmpty()
            ? apply + " (nothing is deployed yet)"
            : apply
                + "; deployed: "
                + all.stream()
                    .map(e -> e.key().project() + "/" + e.key().environment())
                    .collect(Collectors.joining(", "));
    return new AppException(
        AppException.Kind.NOT_FOUND,
        "environment_not_found",
        "environment '"
            + env.environment()
            + "' of project '"
            + env.project()
            + "' is not deployed; "
            + known);
  }

  /** The service does not exist: list the services that do. */
  public static AppException noService(StoreTx tx, EnvironmentKey env, String name) {
    String known =
        tx.services().list(env).stream()
            .map(ServiceRecord::key)
            .map(k -> k.service())
            .collect(Collectors.joining(", "));
    return new AppException(
        AppException.Kind.NOT_FOUND,
        "service_not_found",
        "service '"
            + name
            + "' does not exist in "
            + env.project()
            + "/"
            + env.environment()
            + "; services: "
            + (known.isEmpty() ? "(none)" : known));
  }
}
