package dev.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.app.AppException;
import dev.berth.engine.gitops.EnvironmentService;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.TokenPolicy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Environments as things of their own and their git sources: {@code berth env
 * list|create|delete|track|untrack|sync|status}. Handlers parse, call the engine, render.
 */
final class GitopsRoutes {
  static final String SOURCE = "/api/v1/projects/{project}/environments/{environment}/source";

  private final GitopsContext ctx;

  GitopsRoutes(GitopsContext ctx) {
    this.ctx = ctx;
  }

  void register(RoutesConfig r) {
    r.get("/api/v1/envs", this::list);
    r.post("/api/v1/envs", this::create);
    r.delete("/api/v1/envs/{project}/{environment}", this::delete);
    r.put(SOURCE, this::track);
    r.get(SOURCE, this::source);
    r.delete(SOURCE, this::untrack);
    r.post("/api/v1/projects/{project}/environments/{environment}/sync", this::sync);
  }

  private void list(Context x) {
    TokenPolicy p = x.attribute(ScopedAuth.POLICY_ATTRIBUTE);
    List<EnvironmentService.Entry> all = ctx.environments().list();
    if (p != null) {
      all = all.stream().filter(e -> p.covers(e.project(), e.environment())).toList();
    }
    x.json(all);
  }

  private void create(Context x) {
    JsonNode b = body(x);
    String project = text(b, "project", true);
    String name = text(b, "name", true);
    String from = text(b, "from", true);
    x.status(202)
        .json(
            ctx.environments()
                .create(
                    EnvironmentRoutes.actor(x), project, name, from, text(b, "message", false)));
  }

  private void delete(Context x) {
    List<String> services =
        ctx.environments().delete(EnvironmentRoutes.actor(x), EnvironmentRoutes.env(x));
    x.status(202).json(Map.of("destroying", services));
  }

  private void track(Context x) {
    JsonNode b = body(x);
    String interval = text(b, "interval", false);
    GitSourceRecord r =
        ctx.tracking()
            .track(
                EnvironmentRoutes.actor(x),
                EnvironmentRoutes.env(x),
                text(b, "git", true),
                text(b, "branch", false),
                text(b, "path", false),
                b.path("autoSync").asBoolean(false),
                interval.isEmpty() ? null : duration(interval),
                b.path("previews").asBoolean(false));
    x.status(202).json(r);
  }

  private void source(Context x) {
    EnvironmentKey key = EnvironmentRoutes.env(x);
    x.json(ctx.store().read(tx -> tx.gitSources().get(key)).orElseThrow(() -> notTracked(key)));
  }

  private void untrack(Context x) {
    ctx.tracking().untrack(EnvironmentRoutes.actor(x), EnvironmentRoutes.env(x));
    x.status(204);
  }

  private void sync(Context x) {
    EnvironmentKey key = EnvironmentRoutes.env(x);
    x.json(ctx.sync().sync(key, true).orElseThrow(() -> notTracked(key)));
  }

  private static AppException notTracked(EnvironmentKey key) {
    return new AppException(
        AppException.Kind.NOT_FOUND,
        "not_tracked",
        key + " does not track a git branch: berth env track " + key.environment() + " --git URL");
  }

  static JsonNode body(Context x) {
    try {
      JsonNode n = Json.mapper().readTree(x.bodyAsBytes());
      if (n == null || !n.isObject()) {
        throw new BadRequest("invalid_request", "the request body must be a JSON object");
      }
      return n;
    } catch (java.io.IOException e) {
      throw new BadRequest("invalid_request", "the request body is not valid JSON");
    }
  }

  static String text(JsonNode b, String field, boolean required) {
    JsonNode v = b.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      if (required) {
        throw new BadRequest("invalid_request", "'" + field + "' is required");
      }
      return "";
    }
    if (!v.isTextual()) {
      throw new BadRequest("invalid_request", "'" + field + "' must be a string");
    }
    return v.asText().strip();
  }

  /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d}. */
  static Duration duration(String text) {
    var m = java.util.regex.Pattern.compile("(\\d{1,6})([smhd])").matcher(text);
    if (!m.matches()) {
      throw new BadRequest(
          "invalid_duration", "'" + text + "' is not a duration: use 30s, 5m, 2h or 30d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
