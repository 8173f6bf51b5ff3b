package dev.berth.server.api;

import static dev.berth.server.api.EnvironmentRoutes.actor;
import static dev.berth.server.api.EnvironmentRoutes.env;

import dev.berth.engine.store.ServiceKey;
import io.javalin.http.Context;
import java.util.Map;

/** Handlers for {@code berth cron}: list, runs, trigger, suspend, resume. */
final class CronRoutes {
  static final String BASE = "/api/v1/projects/{project}/environments/{environment}/cron";

  private final ApiContext ctx;

  CronRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  private static ServiceKey service(Context x) {
    return env(x).service(x.pathParam("service"));
  }

  /** {@code GET .../cron}: the cron services with their next and last run. */
  void list(Context x) {
    x.json(ctx.cron().list(env(x)));
  }

  /** {@code GET .../cron/{service}/runs}: the service's runs, newest first. */
  void runs(Context x) {
    x.json(ctx.cron().runs(service(x)));
  }

  /** {@code POST .../cron/{service}/trigger}: a manual run now (202 with the run). */
  void trigger(Context x) {
    x.status(202).json(ctx.cron().trigger(service(x), actor(x)));
  }

  void suspend(Context x) {
    ctx.cron().suspend(service(x), actor(x), true);
    x.json(Map.of("suspended", true));
  }

  void resume(Context x) {
    ctx.cron().resume(service(x), actor(x), "true".equals(x.queryParam("replayLatest")));
    x.json(Map.of("suspended", false));
  }
}
