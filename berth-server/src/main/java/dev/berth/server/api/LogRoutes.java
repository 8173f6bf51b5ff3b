package dev.berth.server.api;

import dev.berth.core.spec.Durations;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.Lookups;
import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogPage;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceKey;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET .../services/{service}/logs}: the merged output of a service's replicas, current and
 * gone. Without {@code follow}, one JSON page {@code {"lines": [...], "cursor": "..."}}; with
 * {@code follow=true}, a stream of newline-delimited JSON lines ({@code {"time", "replicaId",
 * "text"}}) that picks up new replicas as they appear, with an empty line every 15 s to detect
 * clients that went away.
 */
final class LogRoutes {
  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 100_000;
  static final Duration FOLLOW_POLL = Duration.ofMillis(200);
  static final Duration KEEPALIVE = Duration.ofSeconds(15);

  private final ApiContext ctx;
  private final CountDownLatch closing;

  /**
   * @param closing opens when the API closes, ending every follower at once
   */
  LogRoutes(ApiContext ctx, CountDownLatch closing) {
    this.ctx = ctx;
    this.closing = closing;
  }

  void logs(Context x) throws IOException {
    EnvironmentKey env = EnvironmentRoutes.env(x);
    ServiceKey key = env.service(x.pathParam("service"));
    Instant since = since(x.queryParam("since"), ctx.clock().instant());
    long limit = EnvironmentRoutes.longParam(x, "limit", DEFAULT_LIMIT);
    if (limit <= 0 || limit > MAX_LIMIT) {
      throw new BadRequest("invalid_request", "limit must be between 1 and " + MAX_LIMIT);
    }
    String replica = x.queryParam("replica");
    LogPage page;
    try {
      List<String> ids = replicas(key, replica);
      page = ctx.logs().read(new LogQuery(ids, since, x.queryParam("cursor"), (int) limit));
    } catch (IllegalArgumentException e) { // a malformed cursor or name
      throw new BadRequest("invalid_request", "cannot read these logs: " + e.getMessage());
    }
    if (!Boolean.parseBoolean(x.queryParam("follow"))) {
      x.json(page);
      return;
    }
    follow(x, key, replica, since, page);
  }

  private void follow(Context x, ServiceKey key, String replica, Instant since, LogPage first)
      throws IOException {
    // The servlet's own stream, not Javalin's (which buffers and may compress until the handler
    // returns): a follower must see each line as it is written.
    var res = x.res();
    res.setStatus(200);
    res.setContentType("application/x-ndjson");
    res.setHeader("Cache-Control", "no-cache");
    res.flushBuffer();
    OutputStream out = res.getOutputStream();
    write(out, first.lines());
    String cursor = first.cursor();
    long lastWrite = System.nanoTime();
    // until the client goes away (a write fails) or the API closes (the latch opens)
    while (!awaitClosing(FOLLOW_POLL)) {
      List<String> ids = replica == null ? ctx.logIndex().replicaIds(key) : List.of(replica);
      LogPage page =
          ids.isEmpty()
              ? new LogPage(List.of(), cursor)
              : ctx.logs().read(new LogQuery(ids, since, cursor, MAX_LIMIT));
      cursor = page.cursor();
      if (!page.lines().isEmpty()) {
        write(out, page.lines());
        lastWrite = System.nanoTime();
      } else if (System.nanoTime() - lastWrite > KEEPALIVE.toNanos()) {
        out.write('\n');
        out.flush();
        lastWrite = System.nanoTime();
      }
    }
  }

  /** Waits up to {@code d}; true when the API is closing (or the thread interrupted). */
  private boolean awaitClosing(Duration d) {
    try {
      return closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static void write(OutputStream out, List<LogLine> lines) throws IOException {
    StringBuilder b = new StringBuilder();
    for (LogLine l : lines) {
      b.append(Json.mapper().writeValueAsString(l)).append('\n');
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private List<String> replicas(ServiceKey key, String replica) {
    List<String> ids = ctx.logIndex().replicaIds(key);
    boolean known = ctx.store().read(tx -> tx.services().get(key).isPresent()) || !ids.isEmpty();
    if (!known) {
      throw ctx.store().read(tx -> Lookups.noService(tx, key.environmentKey(), key.service()));
    }
    if (replica != null) {
      if (!ids.contains(replica)) {
        throw new AppException(
            AppException.Kind.NOT_FOUND,
            "replica_not_found",
            "no logs of replica '"
                + replica
                + "' in service "
                + key.service()
                + "; replicas with logs: "
                + (ids.isEmpty() ? "(none)" : String.join(", ", ids)));
      }
      return List.of(replica);
    }
    return ids;
  }

  /** {@code 10m}, {@code 2h}, {@code 30s} ago, or an ISO-8601 instant; {@code null} for all. */
  static Instant since(String text, Instant now) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException notInstant) {
      try {
        return now.minus(Durations.parse(text.trim()));
      } catch (IllegalArgumentException e) {
        throw new BadRequest(
            "invalid_request",
            "since must be a duration like 30s, 10m, 2h or an instant like 2026-01-01T12:00:00Z, got '"
                + text
                + "'");
      }
    }
  }
}
