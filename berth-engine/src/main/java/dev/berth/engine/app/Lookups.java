package dev.berth.engine.app;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import java.util.stream.Collectors;

/** "Not found" errors that list what does exist, so the next command is obvious. */
final class Lookups {
  private Lookups() {}

  static AppException noEnvironment(StoreTx tx, EnvironmentKey env) {
    List<EnvironmentRecord> all = tx.environments().list();
    String known =
        all.isEmpty()
            ? "nothing is deployed yet: run berth apply in the app's directory"
            : "deployed: "
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

  static AppException noService(StoreTx tx, EnvironmentKey env, String name) {
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
