package dev.berth.server.api;

import dev.berth.engine.app.Change;
import dev.berth.engine.app.Lookups;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseCommandStatus;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ReleaseStatus;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Handlers for releases ({@code berth releases}) and the audit log ({@code berth audit}). */
final class ReleaseRoutes {
  /** The most releases or audit entries one call returns. */
  static final int MAX_LIMIT = 10_000;

  private final ApiContext ctx;

  ReleaseRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /**
   * A release as {@code berth releases -o json} shows it. {@code version} is the label ({@code
   * v3}), as in {@code berth status}.
   */
  record ReleaseJson(
      String version,
      ReleaseStatus status,
      Instant createdAt,
      Instant finishedAt,
      String createdBy,
      String message,
      ReleaseSource source,
      String reason,
      List<Change> changes,
      ReleaseCommandStatus releaseCommand) {
    static ReleaseJson of(ReleaseRecord r) {
      return new ReleaseJson(
          r.label(),
          r.status(),
          r.createdAt(),
          r.finishedAt(),
          r.createdBy(),
          r.message(),
          r.source(),
          r.reason(),
          r.changes(),
          r.phase());
    }
  }

  /**
   * One release with the spec it was applied with and the last lines of its release command's
   * output.
   */
  record ReleaseDetailJson(
      ReleaseJson release,
      String specFile,
      String spec,
      String procfile,
      List<String> releaseCommandOutput) {}

  /** Lines of release-command output a release's detail shows. */
  static final int OUTPUT_LINES = 200;

  /** {@code GET .../releases?limit=N}: newest first. */
  void list(Context x) {
    EnvironmentKey env = EnvironmentRoutes.env(x);
    int limit = limit(x, 100);
    List<ReleaseJson> out =
        ctx.store()
            .read(
                tx -> {
                  if (tx.environments().get(env).isEmpty()) {
                    throw Lookups.noEnvironment(tx, env);
                  }
                  return tx.releases().list(env, limit).stream().map(ReleaseJson::of).toList();
                });
    x.json(out);
  }

  /** {@code GET .../releases/{version}}: {@code v3} or {@code 3}. */
  void get(Context x) {
    EnvironmentKey env = EnvironmentRoutes.env(x);
    long version = version(x.pathParam("version"));
    ReleaseRecord r = release(env, version);
    x.json(
        new ReleaseDetailJson(
            ReleaseJson.of(r),
            r.specFile(),
            r.specYaml(),
            r.procfile(),
            r.phase() == ReleaseCommandStatus.NONE
                ? List.of()
                : ctx.releaseCommands().output(env, version, OUTPUT_LINES)));
  }

  /** The most lines of a release command's output one read returns. */
  static final int MAX_LOG_LINES = 100_000;

  /**
   * {@code GET .../releases/{version}/log?lines=N}: the last {@code N} lines (default 200) of the
   * release command's output, {@code berth logs --release vN}.
   */
  void log(Context x) {
    EnvironmentKey env = EnvironmentRoutes.env(x);
    long version = version(x.pathParam("version"));
    long lines = QueryParams.longParam(x, "lines", OUTPUT_LINES);
    if (lines < 1 || lines > MAX_LOG_LINES) {
      throw new BadRequest(
          "invalid_request", "lines must be between 1 and " + MAX_LOG_LINES + ", got " + lines);
    }
    ReleaseRecord r = release(env, version);
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("release", r.label());
    out.put("phase", r.phase().wireName());
    out.put(
        "lines",
        r.phase() == ReleaseCommandStatus.NONE
            ? List.of()
            : ctx.releaseCommands().output(env, version, (int) lines));
    x.json(out);
  }

  private ReleaseRecord release(EnvironmentKey env, long version) {
    return ctx.store()
        .read(
            tx -> {
              if (tx.environments().get(env).isEmpty()) {
                throw Lookups.noEnvironment(tx, env);
              }
              return tx.releases().get(env, version);
            })
        .orElseThrow(
            () ->
                new dev.berth.engine.app.AppException(
                    dev.berth.engine.app.AppException.Kind.NOT_FOUND,
                    "no_release",
                    "no release v" + version + " in " + env + "; berth releases lists them"));
  }

  /**
   * {@code POST .../rollback[?dryRun=true]}: deploys an earlier good release again as a new one
   * (202 with the apply result), or with {@code dryRun} names the live release and the target.
   */
  void rollback(Context x) {
    EnvironmentKey env = EnvironmentRoutes.env(x);
    Requests.Rollback body = Requests.rollback(x.bodyAsBytes());
    java.util.OptionalLong to =
        body.to() == null || body.to().isBlank()
            ? java.util.OptionalLong.empty()
            : java.util.OptionalLong.of(version(body.to()));
    if (QueryParams.bool(x, "dryRun")) {
      x.json(ctx.rollback().plan(env, to));
      return;
    }
    x.status(202)
        .json(
            ctx.rollback()
                .rollback(
                    EnvironmentRoutes.actor(x),
                    env,
                    to,
                    body.message() == null ? "" : body.message()));
  }

  /**
   * {@code POST /api/v1/projects/{project}/promote[?dryRun=true]}: the live code of one environment
   * as a new release of another (202 with the apply result), or with {@code dryRun} what would be
   * promoted.
   */
  void promote(Context x) {
    Requests.Promote body = Requests.promote(x.bodyAsBytes());
    String project = x.pathParam("project");
    if (QueryParams.bool(x, "dryRun")) {
      x.json(ctx.promote().plan(project, body.from(), body.to()));
      return;
    }
    dev.berth.engine.app.ApplyResult r =
        ctx.promote()
            .promote(EnvironmentRoutes.actor(x), project, body.from(), body.to(), body.message());
    x.status(r.changed() ? 202 : 200).json(r);
  }

  /** {@code GET /api/v1/audit?project=&environment=&after=&limit=}: oldest first. */
  void audit(Context x) {
    long after = QueryParams.longParam(x, "after", 0);
    int limit = limit(x, 100);
    String project = x.queryParam("project");
    String environment = x.queryParam("environment");
    List<AuditEntry> out =
        ctx.store().read(tx -> tx.audit().list(project, environment, after, limit));
    x.json(out);
  }

  private static int limit(Context x, int dflt) {
    long limit = QueryParams.longParam(x, "limit", dflt);
    if (limit <= 0) {
      throw new BadRequest("invalid_request", "limit must be positive");
    }
    return (int) Math.min(limit, MAX_LIMIT);
  }

  /** {@code v3} or {@code 3}; anything else is a 400. */
  static long version(String text) {
    String digits = text.startsWith("v") ? text.substring(1) : text;
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      throw new BadRequest(
          "invalid_request",
          "a release is named v<N> or <N>, e.g. v3; got '" + shorten(text) + "'");
    }
    long v = Long.parseLong(digits);
    if (v < 1) {
      throw new BadRequest("invalid_request", "release versions start at v1");
    }
    return v;
  }

  private static String shorten(String s) {
    return QueryParams.shorten(s);
  }
}
