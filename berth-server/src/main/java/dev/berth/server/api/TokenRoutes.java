package dev.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.app.AppException;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.TokenPolicy;
import dev.berth.engine.store.TokenRecord;
import dev.berth.engine.store.TokenRole;
import dev.berth.server.auth.Tokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth token create|list|revoke}: API tokens with a scope (one project, or one environment
 * of it), a role ({@link TokenRole}) and an expiry. The token itself is shown once, at creation;
 * only its hash is stored. Only an unscoped admin token reaches these routes ({@code TokenScope}).
 */
final class TokenRoutes {
  private final GitopsContext ctx;

  TokenRoutes(GitopsContext ctx) {
    this.ctx = ctx;
  }

  void register(RoutesConfig r) {
    r.post("/api/v1/tokens", this::create);
    r.get("/api/v1/tokens", this::list);
    r.delete("/api/v1/tokens/{id}", this::revoke);
  }

  private void create(Context x) {
    JsonNode b = GitopsRoutes.body(x);
    String name = GitopsRoutes.text(b, "name", true);
    if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequest("invalid_request", "'name' must be at most 100 printable characters");
    }
    String scope = GitopsRoutes.text(b, "scope", false);
    String[] parts = scope.isEmpty() ? new String[] {"", ""} : (scope + "/").split("/", -1);
    if (parts.length > 3 || (!scope.isEmpty() && parts[0].isEmpty())) {
      throw new BadRequest(
          "invalid_scope", "scope must be PROJECT or PROJECT/ENVIRONMENT, got '" + scope + "'");
    }
    String roleText = GitopsRoutes.text(b, "role", false);
    TokenRole role =
        TokenRole.fromWire(roleText.isEmpty() ? "read" : roleText)
            .orElseThrow(
                () ->
                    new BadRequest(
                        "invalid_role",
                        "role must be read, deploy or admin, got '" + roleText + "'"));
    if (role == TokenRole.ADMIN && !scope.isEmpty()) {
      throw new BadRequest(
          "invalid_role", "an admin token has no scope: drop --scope or use --role deploy");
    }
    String expires = GitopsRoutes.text(b, "expires", false);
    Instant now = ctx.clock().instant();
    Instant expiresAt = expires.isEmpty() ? null : now.plus(GitopsRoutes.duration(expires));
    String token = Tokens.generate();
    String actor = EnvironmentRoutes.actor(x).display();
    TokenRecord t =
        ctx.store()
            .write(
                tx -> {
                  TokenRecord rec = tx.tokens().add(name, Tokens.sha256Hex(token), now);
                  tx.tokenPolicies()
                      .put(new TokenPolicy(rec.id(), parts[0], parts[1], role, expiresAt, null));
                  tx.audit()
                      .append(
                          AuditEntry.of(
                              now,
                              actor,
                              "token-create",
                              new EnvironmentKey(parts[0], parts[1]),
                              "token '" + name + "' (" + role.wireName() + ")"));
                  return rec;
                });
    Map<String, Object> out =
        view(t, ctx.store().read(tx -> tx.tokenPolicies().get(t.id())).orElse(null));
    out.put("token", token);
    x.status(201).json(out);
  }

  private void list(Context x) {
    List<Map<String, Object>> out = new ArrayList<>();
    ctx.store()
        .read(
            tx -> {
              for (TokenRecord t : tx.tokens().list()) {
                out.add(view(t, tx.tokenPolicies().get(t.id()).orElse(null)));
              }
              return null;
            });
    x.json(out);
  }

  private void revoke(Context x) {
    long id;
    try {
      id = Long.parseLong(x.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new BadRequest(
          "invalid_request", "a token id is a number (berth token list shows them)");
    }
    TokenRecord self = x.attribute(Auth.TOKEN_ATTRIBUTE);
    if (self != null && self.id() == id) {
      throw new AppException(
          AppException.Kind.CONFLICT,
          "own_token",
          "a token cannot revoke itself: use another admin token");
    }
    Instant now = ctx.clock().instant();
    String actor = EnvironmentRoutes.actor(x).display();
    ctx.store()
        .write(
            tx -> {
              TokenRecord t =
                  tx.tokens().list().stream()
                      .filter(r -> r.id() == id)
                      .findFirst()
                      .orElseThrow(
                          () ->
                              new AppException(
                                  AppException.Kind.NOT_FOUND,
                                  "token_not_found",
                                  "no token " + id + "; berth token list shows them"));
              TokenPolicy p =
                  tx.tokenPolicies()
                      .get(id)
                      .orElse(new TokenPolicy(id, "", "", TokenRole.ADMIN, null, null));
              tx.tokenPolicies().put(p.revoked(now));
              tx.audit()
                  .append(
                      AuditEntry.of(
                          now,
                          actor,
                          "token-revoke",
                          new EnvironmentKey("", ""),
                          "token '" + t.name() + "' (" + id + ")"));
              return null;
            });
    x.status(204);
  }

  private Map<String, Object> view(TokenRecord t, TokenPolicy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put(
        "scope",
        p == null || p.project().isEmpty() ? "" : dev.berth.server.gitops.TokenScope.scopeText(p));
    m.put("role", p == null ? TokenRole.ADMIN : p.role());
    m.put("createdAt", t.createdAt());
    m.put("expiresAt", p == null ? null : p.expiresAt());
    m.put("revokedAt", p == null ? null : p.revokedAt());
    m.put("active", p == null || p.activeAt(ctx.clock().instant()));
    return m;
  }
}
