package dev.berth.server.api;

import dev.berth.engine.app.Actor;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.Change;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.TokenRecord;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Handlers for environments: apply, status, scale, stop/start, destroy, events. */
final class EnvironmentRoutes {
  private final ApiContext ctx;

  EnvironmentRoutes(ApiContext ctx) {
    this.ctx = ctx;
  }

  /**
   * {@code POST /api/v1/apply}. A client accepting {@code application/x-ndjson} gets the build's
   * output live when the project has a build ({@link ApplyStream}).
   */
  void apply(Context x) {
    boolean dryRun = QueryParams.bool(x, "dryRun");
    Requests.Apply body = Requests.apply(x.bodyAsBytes());
    ApplyStream stream = dryRun ? null : ApplyStream.forRequest(x);
    Consumer<String> buildOutput = stream == null ? line -> {} : stream;
    ApplyResult r;
    try {
      r =
          body.git() != null
              ? fromGit(x, body, dryRun, buildOutput)
              : fromBody(x, body, dryRun, buildOutput);
    } catch (RuntimeException e) {
      if (stream == null || !stream.started()) {
        throw e; // the plain error answer
      }
      stream.failed(e);
      return;
    }
    if (dryRun && body.git() == null) {
      x.json(DryRun.of(ctx.apply().preview(request(x, body)))); // the plan, field by field
    } else if (dryRun) {
      x.json(DryRun.of(r));
    } else if (stream != null && stream.started()) {
      stream.result(r.changed() ? 202 : 200, r);
    } else {
      x.status(r.changed() ? 202 : 200).json(r);
    }
  }

  private ApplyResult fromGit(
      Context x, Requests.Apply body, boolean dryRun, Consumer<String> buildOutput) {
    return ctx.apply()
        .applyFromGit(
            body.git().url(),
            body.git().ref(),
            body.specFile(),
            body.environment(),
            actor(x),
            body.message(),
            dryRun,
            buildOutput);
  }

  private ApplyResult fromBody(
      Context x, Requests.Apply body, boolean dryRun, Consumer<String> buildOutput) {
    if (dryRun) {
      return null; // planned by the caller, with the whole plan
    }
    return ctx.apply().apply(request(x, body), buildOutput, PlanRoutes.options(body));
  }

  static ApplyRequest request(Context x, Requests.Apply body) {
    return new ApplyRequest(
        body.specFile(),
        body.spec(),
        body.procfile(),
        body.sourceDir(),
        body.environment(),
        actor(x),
        body.message(),
        body.artifact(),
        null);
  }

  void list(Context x) {
    x.json(ctx.status().all());
  }

  void status(Context x) {
    x.json(ctx.status().status(env(x)));
  }

  /** Replica records of an environment, also after it was destroyed and while they stop. */
  void replicas(Context x) {
    EnvironmentKey key = env(x);
    x.json(ctx.store().read(tx -> tx.replicas().list(key)));
  }

  void destroy(Context x) {
    List<String> services = ctx.destroy().destroy(actor(x), env(x));
    x.status(202).json(Map.of("destroying", services));
  }

  void scale(Context x) {
    Requests.Scale body = Requests.scale(x.bodyAsBytes());
    x.status(202).json(Map.of("changes", ctx.commands().scale(actor(x), env(x), body.replicas())));
  }

  void stop(Context x) {
    List<Change> c = ctx.commands().stop(actor(x), env(x), List.of(x.pathParam("service")));
    x.status(202).json(Map.of("changes", c));
  }

  void start(Context x) {
    List<Change> c = ctx.commands().start(actor(x), env(x), List.of(x.pathParam("service")));
    x.status(202).json(Map.of("changes", c));
  }

  void events(Context x) {
    long after = longParam(x, "after", 0);
    int limit = (int) Math.min(longParam(x, "limit", 100), 10_000);
    if (limit <= 0) {
      throw new BadRequest("invalid_request", "limit must be positive");
    }
    List<Event> events =
        ctx.store()
            .read(
                tx ->
                    tx.events()
                        .list(
                            new EventQuery(
                                x.queryParam("project"),
                                x.queryParam("environment"),
                                x.queryParam("service"),
                                after,
                                limit)));
    x.json(events);
  }

  /**
   * Who makes the request: the authenticated token's name, and the user name the client reports in
   * {@value #USER_HEADER} (the CLI sends the operating-system user; at most 100 characters).
   */
  static Actor actor(Context x) {
    TokenRecord t = x.attribute(Auth.TOKEN_ATTRIBUTE);
    String user = x.header(USER_HEADER);
    if (user != null && (user.length() > 100 || user.chars().anyMatch(Character::isISOControl))) {
      throw new BadRequest(
          "invalid_request", USER_HEADER + " must be a user name of at most 100 characters");
    }
    return Actor.of(user, t == null ? "" : t.name());
  }

  /** The header in which the CLI names its user. */
  static final String USER_HEADER = "X-Berth-User";

  static EnvironmentKey env(Context x) {
    return new EnvironmentKey(x.pathParam("project"), x.pathParam("environment"));
  }

  /** Kept for the log routes: {@link QueryParams#longParam}. */
  static long longParam(Context x, String name, long dflt) {
    return QueryParams.longParam(x, name, dflt);
  }
}
