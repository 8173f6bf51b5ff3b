package dev.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.server.gitops.WebhookSignature;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/hooks/github} (push and pull_request events) and {@code POST
 * /api/v1/hooks/generic} (any CI): signed deliveries that wake the GitOps sync.
 *
 * <p>Order of checks, each answered before the next runs: body size (413; read at most {@link
 * #MAX_BODY_BYTES} whatever the headers say), signature (401 for none or a wrong one, compared in
 * constant time), delivery id (400 without one, 409 for one seen before: a replay), then JSON (400
 * when malformed). Nothing a client sends yields a 500. The body is only parsed once it is proven
 * to come from the holder of the secret.
 */
final class WebhookRoutes {
  static final String GITHUB = "/api/v1/hooks/github";
  static final String GENERIC = "/api/v1/hooks/generic";

  /** GitHub caps payloads at 25 MB, but a push or pull request event is a few kB. */
  static final int MAX_BODY_BYTES = 1 << 20;

  /** How long delivery ids are remembered: replays older than this are not recognized. */
  static final Duration RETENTION = Duration.ofDays(7);

  private final GitopsContext ctx;
  private final byte[] secret;

  WebhookRoutes(GitopsContext ctx) {
    this.ctx = ctx;
    this.secret = WebhookSignature.secretBytes(ctx.webhookSecret());
  }

  static boolean isWebhook(String path) {
    return path.equals(GITHUB) || path.equals(GENERIC);
  }

  void register(RoutesConfig r) {
    r.post(GITHUB, this::github);
    r.post(GENERIC, this::generic);
    r.get(
        "/api/v1/hooks/secret",
        x -> x.json(Map.of("secret", ctx.webhookSecret(), "github", GITHUB, "generic", GENERIC)));
  }

  private void github(Context x) {
    JsonNode body = verified(x, "X-Hub-Signature-256", "X-GitHub-Delivery");
    if (body == null) {
      return;
    }
    String event = x.header("X-GitHub-Event");
    List<String> urls = repoUrls(body.path("repository"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event", event == null ? "" : event);
    switch (event == null ? "" : event) {
      case "ping" -> out.put("pong", true);
      case "push" ->
          out.put("syncing", names(ctx.tracking().pushed(urls, body.path("ref").asText(""))));
      case "pull_request" -> out.putAll(pullRequest(body, urls));
      default -> out.put("ignored", true);
    }
    x.status(202).json(out);
  }

  private Map<String, Object> pullRequest(JsonNode body, List<String> urls) {
    String action = body.path("action").asText("");
    int number = body.path("number").asInt(body.path("pull_request").path("number").asInt(0));
    if (number <= 0) {
      throw new BadRequest("invalid_request", "a pull_request event without a number");
    }
    JsonNode pr = body.path("pull_request");
    return switch (action) {
      case "opened", "reopened" ->
          Map.of(
              "previews",
              names(
                  ctx.tracking()
                      .previewOpened(
                          urls,
                          number,
                          pr.path("base").path("ref").asText(""),
                          pr.path("head").path("ref").asText(""))));
      case "closed" -> Map.of("deleted", names(ctx.tracking().previewClosed(urls, number)));
      case "synchronize" ->
          Map.of(
              "syncing",
              names(ctx.tracking().pushed(urls, pr.path("head").path("ref").asText(""))));
      default -> Map.of("ignored", true);
    };
  }

  /**
   * Generic CI: {@code {"repository": URL, "ref": "refs/heads/main"}} or {@code {"project",
   * "environment"}}.
   */
  private void generic(Context x) {
    JsonNode body = verified(x, "X-Berth-Signature-256", "X-Berth-Delivery");
    if (body == null) {
      return;
    }
    List<EnvironmentKey> woken;
    if (body.hasNonNull("repository")) {
      String ref = body.path("ref").asText("");
      List<String> urls = List.of(body.path("repository").asText(""));
      woken = ref.isEmpty() ? ctx.tracking().wakeAll(urls) : ctx.tracking().pushed(urls, ref);
    } else {
      String p = GitopsRoutes.text(body, "project", true);
      String e = GitopsRoutes.text(body, "environment", true);
      EnvironmentKey key = new EnvironmentKey(p, e);
      if (ctx.store().read(tx -> tx.gitSources().get(key)).isEmpty()) {
        throw new dev.berth.engine.app.AppException(
            dev.berth.engine.app.AppException.Kind.NOT_FOUND,
            "not_tracked",
            key + " does not track a git branch");
      }
      woken = new ArrayList<>(List.of(key));
      ctx.tracking().wake(key);
    }
    x.status(202).json(Map.of("syncing", names(woken)));
  }

  /** The body, once size, signature and delivery id check out; null after answering a refusal. */
  private JsonNode verified(Context x, String signatureHeader, String deliveryHeader) {
    byte[] raw = readBounded(x);
    if (raw == null) {
      ApiServer.error(
          x,
          413,
          "body_too_large",
          "a webhook body is at most " + (MAX_BODY_BYTES >> 10) + " KiB",
          List.of());
      return null;
    }
    String sig = x.header(signatureHeader);
    if (sig == null || sig.isBlank()) {
      ApiServer.error(
          x,
          401,
          "unsigned",
          "the delivery has no "
              + signatureHeader
              + " header: set the webhook's secret (berth env webhook shows it)",
          List.of());
      return null;
    }
    if (!WebhookSignature.valid(secret, raw, sig.strip())) {
      ApiServer.error(
          x,
          401,
          "bad_signature",
          signatureHeader
              + " does not match the body: the webhook's secret differs from the control plane's"
              + " (berth env webhook shows it)",
          List.of());
      return null;
    }
    String delivery = x.header(deliveryHeader);
    if (delivery == null || delivery.isBlank() || delivery.length() > 200) {
      ApiServer.error(
          x,
          400,
          "no_delivery_id",
          "the delivery has no "
              + deliveryHeader
              + " header (a unique id per delivery, at most 200 characters)",
          List.of());
      return null;
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(raw);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      ApiServer.error(
          x, 400, "invalid_request", "the delivery's body is not a JSON object", List.of());
      return null;
    }
    Instant now = ctx.clock().instant();
    String id = delivery.strip();
    boolean fresh =
        ctx.store().write(tx -> tx.deliveries().remember(id, now, now.minus(RETENTION)));
    if (!fresh) {
      ApiServer.error(
          x,
          409,
          "replayed_delivery",
          "delivery " + id + " was received before; a delivery is accepted once",
          List.of());
      return null;
    }
    return body;
  }

  /** The body, or null when it is larger than the limit (read no further than that). */
  private static byte[] readBounded(Context x) {
    if (x.req().getContentLengthLong() > MAX_BODY_BYTES) {
      return null;
    }
    try (InputStream in = x.req().getInputStream()) {
      byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
      return b.length > MAX_BODY_BYTES ? null : b;
    } catch (IOException e) {
      throw new BadRequest(
          "invalid_request", "the request body could not be read: " + e.getMessage());
    }
  }

  private static List<String> repoUrls(JsonNode repo) {
    List<String> urls = new ArrayList<>();
    for (String f : List.of("clone_url", "ssh_url", "html_url", "git_url", "url")) {
      String v = repo.path(f).asText("");
      if (!v.isEmpty()) {
        urls.add(v);
      }
    }
    return urls;
  }

  private static List<String> names(List<EnvironmentKey> keys) {
    return keys.stream().map(k -> k.project() + "/" + k.environment()).toList();
  }
}
