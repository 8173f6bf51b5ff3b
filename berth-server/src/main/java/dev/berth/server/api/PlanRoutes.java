package dev.berth.server.api;

import dev.berth.engine.app.ApplyOptions;
import dev.berth.engine.app.SavedPlan;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Handlers for plans, the apply lock and the effective spec: {@code POST /api/v1/plan}, {@code GET}
 * and {@code DELETE .../lock} ({@code berth unlock}), {@code GET .../spec} ({@code berth export
 * spec}).
 */
final class PlanRoutes {
  static final String LOCK = "/api/v1/projects/{project}/environments/{environment}/lock";
  static final String SPEC = "/api/v1/projects/{project}/environments/{environment}/spec";

  private final ApiContext ctx;

  PlanRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** {@code POST /api/v1/plan}: the body of an apply; the plan, field by field, stores nothing. */
  void plan(Context x) {
    Requests.Apply body = Requests.apply(x.bodyAsBytes());
    if (body.git() != null) {
      throw new BadRequest(
          "invalid_request",
          "planning a git repository is not available yet: berth apply --git URL --dry-run shows"
              + " what it would change");
    }
    x.json(DryRun.of(ctx.apply().preview(EnvironmentRoutes.request(x, body))));
  }

  /** {@code GET .../spec}: {@code berth export spec}, the effective spec as berth.yaml text. */
  void spec(Context x) {
    EnvironmentKey key = EnvironmentRoutes.env(x);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", key.project());
    out.put("environment", key.environment());
    out.put("yaml", new dev.berth.engine.app.SpecExport(ctx.store()).export(key));
    x.json(out);
  }

  /** {@code GET .../lock}: who holds the environment's apply lock, if anyone. */
  void lock(Context x) {
    EnvironmentKey key = EnvironmentRoutes.env(x);
    x.json(view(key, ctx.apply().locks().current(key)));
  }

  /** {@code DELETE .../lock}: {@code berth unlock}, audited. */
  void unlock(Context x) {
    EnvironmentKey key = EnvironmentRoutes.env(x);
    Optional<EnvironmentLock> broken =
        ctx.apply().locks().forceUnlock(key, EnvironmentRoutes.actor(x));
    Map<String, Object> out = view(key, broken);
    out.put("unlocked", broken.isPresent());
    x.json(out);
  }

  private Map<String, Object> view(EnvironmentKey key, Optional<EnvironmentLock> lock) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", key.project());
    out.put("environment", key.environment());
    out.put("locked", lock.isPresent());
    lock.ifPresent(
        l -> {
          out.put("holder", l.owner());
          out.put("instance", l.instance());
          out.put("operation", l.operation());
          out.put("acquiredAt", l.acquiredAt().toString());
          out.put("expiresAt", l.expiresAt().toString());
          out.put("expired", l.expired(ctx.clock().instant()));
        });
    return out;
  }

  /** The options an apply request asks for: a saved plan to match, failing fast on a lock. */
  static ApplyOptions options(Requests.Apply body) {
    SavedPlan pinned =
        body.plan() == null
            ? null
            : new SavedPlan(
                body.plan().serial(), body.plan().specDigest(), body.plan().planDigest());
    return new ApplyOptions(pinned, Boolean.TRUE.equals(body.failIfLocked()));
  }
}
