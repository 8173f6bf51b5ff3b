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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * {@code GET .../services/{service}/logs}: the merged output of a service's replicas, current and
 * gone. Without {@code follow}, one JSON page {@code {"lines": [...], "cursor": "..."}}; with
 * {@code follow=true}, a stream of newline-delimited JSON lines ({@code {"time", "replicaId",
 * "text"}}) that picks up new replicas as they appear, with an empty line every 15 s to detect
 * clients that went away.
 *
 * <p>Every read is bounded in work by the log source's scan budget (64 MiB per read locally), and
 * is cancelled between blocks once the API closes or the client's connection is known closed. Jetty
 * learns that a client left only when it next reads or writes that connection (or at its idle
 * timeout), so for a one-page read the budget is what bounds an abandoned read; a follower ends at
 * its next write.
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
    boolean follow = follow(x.queryParam("follow"));
    String replica = x.queryParam("replica");
    String run = x.queryParam("run");
    BooleanSupplier cancelled = cancelled(x);
    LogPage page;
    try {
      List<String> ids = run != null ? runReplicas(key, run) : replicas(key, replica);
      LogQuery q = new LogQuery(ids, since, x.queryParam("cursor"), (int) limit);
      page = ctx.logs().read(q, cancelled);
    } catch (IllegalArgumentException e) { // a malformed cursor or name
      throw new BadRequest("invalid_request", "cannot read these logs: " + e.getMessage());
    } catch (CancellationException nobodyWaits) {
      return; // the client is gone or the API is closing: there is no one to answer
    }
    if (!follow) {
      var res = x.res();
      res.setStatus(200);
      res.setContentType("application/json");
      LogJson.writePage(page, res.getOutputStream()); // streamed: no tree, no page-sized string
      return;
    }
    follow(x, key, replica, since, page, cancelled);
  }

  /**
   * True once the read is no longer wanted: the API is closing, the thread was interrupted, or the
   * client's connection is closed (Jetty notices a connection closed or reset by the client, or
   * idle past its timeout). Asked before every block a read scans, so an abandoned read stops
   * within one.
   */
  private BooleanSupplier cancelled(Context x) {
    EndPoint ep = endPoint(x);
    return () ->
        closing.getCount() == 0
            || Thread.currentThread().isInterrupted()
            || (ep != null && !ep.isOpen());
  }

  private static EndPoint endPoint(Context x) {
    try {
      ServletContextRequest r = ServletContextRequest.getServletContextRequest(x.req());
      return r == null ? null : r.getConnectionMetaData().getConnection().getEndPoint();
    } catch (RuntimeException notJetty) {
      return null; // no connection state to watch: the scan budget still bounds the read
    }
  }

  /** {@code follow} is {@code true}, {@code false} or absent; anything else is a 400. */
  static boolean follow(String text) {
    if (text == null || text.isBlank() || text.trim().equals("false")) {
      return false;
    }
    if (text.trim().equals("true")) {
      return true;
    }
    throw new BadRequest("invalid_request", "follow must be true or false, got '" + text + "'");
  }

  private void follow(
      Context x,
      ServiceKey key,
      String replica,
      Instant since,
      LogPage first,
      BooleanSupplier cancelled)
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
      LogPage page;
      try {
        page =
            ids.isEmpty()
                ? new LogPage(List.of(), cursor)
                : ctx.logs().read(new LogQuery(ids, since, cursor, MAX_LIMIT), cancelled);
      } catch (CancellationException nobodyWaits) {
        return;
      }
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
    LogJson.writeLines(lines, out);
  }

  /** The replicas of a cron run's attempts ({@code RUN-1}, {@code RUN-2}, ...). */
  private List<String> runReplicas(ServiceKey key, String run) {
    List<String> ids = new java.util.ArrayList<>();
    for (String id : replicas(key, null)) {
      String rest = id.startsWith(run + "-") ? id.substring(run.length() + 1) : "";
      if (!rest.isEmpty() && rest.chars().allMatch(Character::isDigit)) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      throw new AppException(
          AppException.Kind.NOT_FOUND,
          "run_not_found",
          "no logs of run '"
              + run
              + "' in service "
              + key.service()
              + "; berth cron runs "
              + key.service()
              + " lists its runs");
    }
    return ids;
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

  static final String SINCE_FORMAT =
      "a duration like 30s, 10m, 2h (that long ago) or an ISO-8601 instant like"
          + " 2026-01-01T12:00:00Z";

  /**
   * {@code 10m}, {@code 2h}, {@code 30s} ago, or an ISO-8601 instant; {@code null} for all. Any
   * other text, and any time outside what epoch milliseconds can hold (years beyond about 292
   * million, or a duration reaching there), is a {@link BadRequest} that names the accepted format,
   * never an arithmetic overflow further down.
   */
  static Instant since(String text, Instant now) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    Instant at;
    try {
      at = Instant.parse(t);
    } catch (DateTimeParseException notInstant) {
      try {
        at = now.minus(Durations.parse(t));
      } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
        throw badSince(text, "");
      }
    }
    try {
      at.toEpochMilli();
    } catch (ArithmeticException outOfRange) {
      throw badSince(text, " (out of range)");
    }
    return at;
  }

  private static BadRequest badSince(String text, String why) {
    return new BadRequest(
        "invalid_request", "since must be " + SINCE_FORMAT + ", got '" + text + "'" + why);
  }
}
