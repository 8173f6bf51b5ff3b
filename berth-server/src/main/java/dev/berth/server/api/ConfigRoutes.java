package dev.berth.server.api;

import static dev.berth.server.api.EnvironmentRoutes.actor;
import static dev.berth.server.api.EnvironmentRoutes.env;

import dev.berth.engine.config.ConfigChange;
import dev.berth.engine.config.ConfigEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.TokenRecord;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Handlers for {@code berth config}: list (secrets masked; {@code ?reveal=true} for the admin token
 * only, audited), set, unset, and the rotation of the secrets' master key (admin only).
 */
final class ConfigRoutes {
  static final String BASE = "/api/v1/projects/{project}/environments/{environment}/config";
  static final String ROTATE = "/api/v1/config/rotate-key";

  /** The token {@code berth up} issues: the only one that may see secrets or rotate the key. */
  static final String ADMIN = "admin";

  private final ApiContext ctx;

  ConfigRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /** {@code GET .../config[?reveal=true]}. */
  void list(Context x) {
    EnvironmentKey env = env(x);
    boolean reveal = QueryParams.bool(x, "reveal");
    if (reveal) {
      requireAdmin(x, "revealing secrets");
    }
    List<ConfigEntry> vars = reveal ? ctx.config().reveal(actor(x), env) : ctx.config().list(env);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", env.project());
    out.put("environment", env.environment());
    out.put("revealed", reveal);
    out.put("vars", vars);
    x.json(out);
  }

  /** {@code POST .../config}: {@code {"vars": {"KEY": "value"}, "secret": false}}. */
  void set(Context x) {
    ConfigSet body = Requests.read(x.bodyAsBytes(), ConfigSet.class, ConfigSet.SHAPE);
    body.check();
    answer(x, ctx.config().set(actor(x), env(x), body.vars(), Boolean.TRUE.equals(body.secret())));
  }

  /** {@code POST .../config/unset}: {@code {"names": ["KEY"]}}. */
  void unset(Context x) {
    ConfigUnset body = Requests.read(x.bodyAsBytes(), ConfigUnset.class, ConfigUnset.SHAPE);
    body.check();
    answer(x, ctx.config().unset(actor(x), env(x), body.names()));
  }

  /** {@code POST /api/v1/config/rotate-key}. */
  void rotateKey(Context x) {
    requireAdmin(x, "rotating the master key");
    x.json(ctx.config().rotateKey(actor(x)));
  }

  /** The body of a set. */
  record ConfigSet(Map<String, String> vars, Boolean secret) {
    static final String SHAPE = "{\"vars\": {\"KEY\": \"value\"}, \"secret\": false}";

    void check() {
      if (vars == null || vars.isEmpty()) {
        throw new BadRequest("invalid_request", "config set needs " + SHAPE);
      }
      vars.forEach(
          (k, v) -> {
            if (v == null) {
              throw new BadRequest(
                  "invalid_request", "vars." + k + " must be a string, got null: " + SHAPE);
            }
          });
    }
  }

  /** The body of an unset. */
  record ConfigUnset(List<String> names) {
    static final String SHAPE = "{\"names\": [\"KEY\"]}";

    void check() {
      if (names == null || names.isEmpty() || names.contains(null)) {
        throw new BadRequest("invalid_request", "config unset needs " + SHAPE);
      }
    }
  }

  private static void answer(Context x, ConfigChange c) {
    x.json(c);
  }

  private static void requireAdmin(Context x, String what) {
    TokenRecord t = x.attribute(Auth.TOKEN_ATTRIBUTE);
    if (t == null || !ADMIN.equals(t.name())) {
      throw new io.javalin.http.ForbiddenResponse(
          what
              + " needs the admin token (the one berth up prints); this request used token '"
              + (t == null ? "" : t.name())
              + "'");
    }
  }
}
