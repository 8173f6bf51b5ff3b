package dev.berth.server.api;

import dev.berth.engine.app.AppException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api/v1}: JSON in and out, bearer token on every call except {@code GET
 * /healthz}, errors as {@link ApiError}. Handlers are thin: they parse the request, call an engine
 * service and render its result; all decisions live in the engine.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final Javalin app;
  private final java.util.concurrent.CountDownLatch closing =
      new java.util.concurrent.CountDownLatch(1);

  public ApiServer(ApiContext ctx) {
    this(ctx, null);
  }

  /** With the environment, GitOps, webhook and token routes when {@code gitops} is given. */
  public ApiServer(ApiContext ctx, GitopsContext gitops) {
    Auth auth = new Auth(ctx.store());
    EnvironmentRoutes envs = new EnvironmentRoutes(ctx);
    ReleaseRoutes releases = new ReleaseRoutes(ctx);
    CronRoutes cron = new CronRoutes(ctx);
    PlanRoutes plans = new PlanRoutes(ctx);
    ConfigRoutes config = new ConfigRoutes(ctx);
    LogRoutes logs = new LogRoutes(ctx, closing);
    this.app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              c.jsonMapper(new JavalinJackson(Json.mapper(), false));
              c.http.defaultContentType = "application/json";
              c.http.maxRequestSize = Requests.MAX_BODY_BYTES;
              c.http.prefer405over404 = true;
              c.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
              c.routes.before(auth::check);
              c.routes.before(ApiServer::checkBodySize);
              c.routes.before(QueryParams::checkBooleans);
              c.routes.get("/healthz", x -> x.json(java.util.Map.of("status", "ok")));
              c.routes.get(
                  "/metrics",
                  x ->
                      x.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(ctx.metrics().scrape()));
              c.routes.get(
                  "/api/v1/openapi.json",
                  x -> x.contentType("application/json").result(OpenApi.document()));
              c.routes.get("/api/v1/session", auth::session);
              c.routes.post("/api/v1/apply", envs::apply);
              c.routes.post("/api/v1/plan", plans::plan);
              c.routes.get(PlanRoutes.LOCK, plans::lock);
              c.routes.delete(PlanRoutes.LOCK, plans::unlock);
              c.routes.get(PlanRoutes.SPEC, plans::spec);
              c.routes.get("/api/v1/environments", envs::list);
              c.routes.get("/api/v1/projects/{project}/environments/{environment}", envs::status);
              c.routes.delete(
                  "/api/v1/projects/{project}/environments/{environment}", envs::destroy);
              c.routes.get(
                  "/api/v1/projects/{project}/environments/{environment}/replicas", envs::replicas);
              c.routes.post(
                  "/api/v1/projects/{project}/environments/{environment}/scale", envs::scale);
              c.routes.post(
                  "/api/v1/projects/{project}/environments/{environment}/services/{service}/stop",
                  envs::stop);
              c.routes.post(
                  "/api/v1/projects/{project}/environments/{environment}/services/{service}/start",
                  envs::start);
              c.routes.get(
                  "/api/v1/projects/{project}/environments/{environment}/services/{service}/logs",
                  logs::logs);
              c.routes.get("/api/v1/events", envs::events);
              c.routes.get(
                  "/api/v1/projects/{project}/environments/{environment}/releases", releases::list);
              c.routes.get(
                  "/api/v1/projects/{project}/environments/{environment}/releases/{version}",
                  releases::get);
              c.routes.get(
                  "/api/v1/projects/{project}/environments/{environment}/releases/{version}/log",
                  releases::log);
              c.routes.post(
                  "/api/v1/projects/{project}/environments/{environment}/rollback",
                  releases::rollback);
              c.routes.get(CronRoutes.BASE, cron::list);
              c.routes.get(CronRoutes.BASE + "/{service}/runs", cron::runs);
              c.routes.post(CronRoutes.BASE + "/{service}/trigger", cron::trigger);
              c.routes.post(CronRoutes.BASE + "/{service}/suspend", cron::suspend);
              c.routes.post(CronRoutes.BASE + "/{service}/resume", cron::resume);
              c.routes.get(AutoscaleRoutes.EXPLAIN, new AutoscaleRoutes(ctx.autoscale())::explain);
              c.routes.get("/api/v1/audit", releases::audit);
              c.routes.get(ConfigRoutes.BASE, config::list);
              c.routes.post(ConfigRoutes.BASE, config::set);
              c.routes.post(ConfigRoutes.BASE + "/unset", config::unset);
              c.routes.post(ConfigRoutes.ROTATE, config::rotateKey);
              c.routes.post("/api/v1/projects/{project}/promote", releases::promote);
              c.routes.put(ArtifactUploads.PATH, x -> ctx.artifacts().upload(x));
              c.routes.head(ArtifactUploads.PATH + "/{digest}", x -> ctx.artifacts().exists(x));
              if (gitops != null) {
                new GitopsRoutes(gitops).register(c.routes);
                new WebhookRoutes(gitops).register(c.routes);
                new TokenRoutes(gitops).register(c.routes);
              }
              c.routes.exception(AppException.class, ApiServer::appError);
              c.routes.exception(
                  BadRequest.class, (e, x) -> error(x, 400, e.code(), e.getMessage(), List.of()));
              c.routes.exception(
                  com.fasterxml.jackson.core.JacksonException.class,
                  (e, x) ->
                      error(
                          x,
                          400,
                          "invalid_request",
                          "request body is not valid JSON for this call: " + e.getOriginalMessage(),
                          List.of()));
              c.routes.exception(
                  Exception.class,
                  (e, x) -> {
                    log.error("{} {} failed", x.method(), x.path(), e);
                    error(
                        x,
                        500,
                        "internal",
                        "the control plane failed: " + e + "; see its log",
                        List.of());
                  });
              c.routes.exception(
                  io.javalin.http.HttpResponseException.class,
                  (e, x) ->
                      error(x, e.getStatus(), codeOf(e.getStatus()), httpMessage(e, x), List.of()));
            });
  }

  /** Starts serving; fails with {@link ApiStartException} when the port is taken. */
  public ApiServer start(String host, int port) {
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      throw new ApiStartException(host, port, e);
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    closing.countDown(); // ends log followers, which would otherwise hold the server open
    app.stop();
  }

  private static void appError(AppException e, Context x) {
    error(x, statusOf(e), e.code(), e.getMessage(), e.details());
  }

  /** The HTTP status of a use case's refusal. */
  static int statusOf(AppException e) {
    return switch (e.kind()) {
      case INVALID -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case UNSUPPORTED -> 501;
      case NO_SPACE -> 507;
    };
  }

  /** Refuses a body the Content-Length says is too large before anything reads it. */
  private static void checkBodySize(Context x) {
    if (x.req().getContentLengthLong() > Requests.MAX_BODY_BYTES
        && !x.path().equals(ArtifactUploads.PATH)) { // artifacts have their own, larger limit
      throw new io.javalin.http.HttpResponseException(413, "Content Too Large");
    }
  }

  /** The error code of an HTTP status Javalin or Jetty answers on its own. */
  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "body_too_large";
      case 403 -> "forbidden";
      default -> "http_" + status;
    };
  }

  private static String httpMessage(io.javalin.http.HttpResponseException e, Context x) {
    return switch (e.getStatus()) {
      case 404 ->
          "no endpoint "
              + x.method()
              + " "
              + QueryParams.shorten(x.path())
              + "; the endpoints are listed in /api/v1/openapi.json";
      case 405 ->
          QueryParams.shorten(x.path())
              + " does not take "
              + x.method()
              + "; the endpoints are listed in /api/v1/openapi.json";
      case 413 ->
          "the request body is larger than "
              + (Requests.MAX_BODY_BYTES >> 20)
              + " MiB, the limit of this API (a spec is at most 1 MiB)";
      default -> e.getMessage();
    };
  }

  static void error(Context x, int status, String code, String message, List<?> details) {
    x.status(status).json(ApiError.of(code, message, details));
  }
}
