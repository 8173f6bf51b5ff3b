package dev.berth.server.api;

import dev.berth.engine.store.Store;
import dev.berth.engine.store.TokenPolicy;
import dev.berth.engine.store.TokenRecord;
import dev.berth.server.gitops.TokenScope;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second half of authentication: what the token found may do ({@link TokenPolicy}). An expired
 * or revoked token is a 401 (as an unknown one); a request outside its scope or role is a 403 that
 * names the scope.
 */
final class ScopedAuth {
  static final String POLICY_ATTRIBUTE = "berth.tokenPolicy";
  private static final Pattern PROJECT = Pattern.compile("(?m)^project:\\s*[\"']?([a-z0-9-]+)");

  private ScopedAuth() {}

  static void check(Store store, Context x, TokenRecord token) {
    Optional<TokenPolicy> policy = store.read(tx -> tx.tokenPolicies().get(token.id()));
    if (policy.isEmpty()) {
      return; // made before policies: admin of everything
    }
    TokenPolicy p = policy.get();
    if (!p.activeAt(Instant.now())) {
      x.header("WWW-Authenticate", "Bearer realm=\"berth\"");
      ApiServer.error(
          x,
          401,
          "unauthorized",
          "API token '"
              + token.name()
              + "' was "
              + (p.revokedAt() != null ? "revoked" : "valid until " + p.expiresAt())
              + ": ask an admin for a new one (berth token create)",
          List.of());
      x.skipRemainingHandlers();
      return;
    }
    x.attribute(POLICY_ATTRIBUTE, p);
    String project = x.queryParam("project");
    String environment = x.queryParam("environment");
    if (project == null && x.method().name().equals("POST") && bodyNamesTarget(x.path())) {
      byte[] body = x.bodyAsBytes();
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      try {
        var node = Json.mapper().readTree(text);
        Matcher m = PROJECT.matcher(node.path("spec").asText(""));
        project = m.find() ? m.group(1) : node.path("project").asText(null);
        environment = node.path("environment").asText("production");
      } catch (java.io.IOException | RuntimeException e) {
        project = null; // a body that does not parse names nothing: refused below
      }
    }
    Optional<String> refusal =
        TokenScope.refusal(p, x.method().name(), x.path(), project, environment);
    if (refusal.isPresent()) {
      ApiServer.error(x, 403, "forbidden", refusal.get(), List.of());
      x.skipRemainingHandlers();
    }
  }

  private static boolean bodyNamesTarget(String path) {
    return path.equals("/api/v1/apply")
        || path.equals("/api/v1/plan")
        || path.equals("/api/v1/envs");
  }
}
