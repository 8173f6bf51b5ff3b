package dev.berth.server.api;

import dev.berth.engine.store.Store;
import dev.berth.engine.store.TokenRecord;
import dev.berth.server.auth.Tokens;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer-token authentication for every call except {@code GET /healthz}. A missing, malformed or
 * unknown token is a 401 with a hint, never a 500. Tokens are looked up by their SHA-256 hash.
 */
final class Auth {
  static final String TOKEN_ATTRIBUTE = "berth.token";
  private final Store store;

  Auth(Store store) {
    this.store = store;
  }

  void check(Context x) {
    if (x.path().equals("/healthz") || WebhookRoutes.isWebhook(x.path())) {
      return; // webhooks prove themselves by their HMAC signature instead
    }
    String header = x.header("Authorization");
    if (header == null || header.isBlank()) {
      deny(
          x,
          "missing API token: send 'Authorization: Bearer <token>'; berth up prints one and berth login stores it");
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      deny(x, "the Authorization header must be 'Bearer <token>'");
      return;
    }
    String token = header.substring(7).trim();
    Optional<TokenRecord> found = store.read(tx -> tx.tokens().findByHash(Tokens.sha256Hex(token)));
    if (found.isEmpty()) {
      deny(
          x,
          "invalid API token: run berth login with a current token (berth up prints one), or check BERTH_TOKEN");
      return;
    }
    x.attribute(TOKEN_ATTRIBUTE, found.get());
    ScopedAuth.check(store, x, found.get());
  }

  void session(Context x) {
    TokenRecord t = x.attribute(TOKEN_ATTRIBUTE);
    x.json(Map.of("token", t.name(), "createdAt", t.createdAt()));
  }

  private static void deny(Context x, String message) {
    x.header("WWW-Authenticate", "Bearer realm=\"berth\"");
    ApiServer.error(x, 401, "unauthorized", message, java.util.List.of());
    x.skipRemainingHandlers();
  }
}
