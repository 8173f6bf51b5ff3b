package dev.berth.server.api;

import static dev.berth.server.api.EnvironmentRoutes.env;

import dev.berth.engine.app.AppException;
import dev.berth.engine.autoscale.AutoscaleExplanation;
import dev.berth.engine.store.ServiceKey;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Function;

/** {@code berth autoscale explain}: why an autoscaled service has the replicas it has. */
final class AutoscaleRoutes {
  static final String EXPLAIN =
      "/api/v1/projects/{project}/environments/{environment}/services/{service}/autoscale";

  private final Function<ServiceKey, Optional<AutoscaleExplanation>> explain;

  AutoscaleRoutes(Function<ServiceKey, Optional<AutoscaleExplanation>> explain) {
    this.explain = explain;
  }

  /** {@code GET .../services/{service}/autoscale}: 404 when the service is not autoscaled. */
  void explain(Context x) {
    ServiceKey key = env(x).service(x.pathParam("service"));
    AutoscaleExplanation e =
        explain
            .apply(key)
            .orElseThrow(
                () ->
                    new AppException(
                        AppException.Kind.NOT_FOUND,
                        "not_autoscaled",
                        "'"
                            + key.service()
                            + "' in "
                            + key.project()
                            + "/"
                            + key.environment()
                            + " is not autoscaled (or not deployed); add an autoscale block to it"
                            + " in berth.yaml, or run 'berth status' to list the services"));
    x.json(e);
  }
}
