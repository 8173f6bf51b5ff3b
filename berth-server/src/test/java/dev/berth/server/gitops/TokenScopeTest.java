package dev.berth.server.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.TokenPolicy;
import dev.berth.engine.store.TokenRole;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenScopeTest {
  static TokenPolicy policy(String scope, String role) {
    String[] p = (scope + "/").split("/", -1);
    return new TokenPolicy(1, p[0], p[1], TokenRole.fromWire(role).orElseThrow(), null, null);
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} p={4} e={5} -> {6}")
  @CsvSource(
      nullValues = "-",
      value = {
        "'',            admin,  POST,   /api/v1/tokens,                                         -,    -,          allowed",
        "shop,          deploy, POST,   /api/v1/tokens,                                         -,    -,          refused",
        "shop/staging,  deploy, GET,    /api/v1/projects/shop/environments/staging,             -,    -,          allowed",
        "shop/staging,  deploy, POST,   /api/v1/projects/shop/environments/staging/rollback,    -,    -,          allowed",
        "shop/staging,  deploy, GET,    /api/v1/projects/shop/environments/production,          -,    -,          refused",
        "shop/staging,  deploy, GET,    /api/v1/projects/lms/environments/staging,              -,    -,          refused",
        "shop/staging,  read,   POST,   /api/v1/projects/shop/environments/staging/scale,       -,    -,          refused",
        "shop/staging,  read,   GET,    /api/v1/projects/shop/environments/staging/releases,    -,    -,          allowed",
        "shop,          deploy, POST,   /api/v1/projects/shop/environments/production/scale,    -,    -,          allowed",
        "shop/staging,  deploy, POST,   /api/v1/apply,                                          shop, staging,    allowed",
        "shop/staging,  deploy, POST,   /api/v1/apply,                                          shop, production, refused",
        "shop/staging,  deploy, POST,   /api/v1/apply,                                          -,    -,          refused",
        "shop/staging,  deploy, GET,    /api/v1/events,                                         shop, staging,    allowed",
        "shop/staging,  deploy, GET,    /api/v1/events,                                         -,    -,          refused",
        "shop/staging,  deploy, GET,    /api/v1/environments,                                   -,    -,          refused",
        "shop/staging,  deploy, GET,    /metrics,                                               -,    -,          refused",
        "shop/staging,  deploy, GET,    /api/v1/session,                                        -,    -,          allowed",
        "shop/staging,  deploy, GET,    /api/v1/hooks/secret,                                   -,    -,          refused",
        "shop/staging,  deploy, POST,   /api/v1/projects/shop/promote,                          -,    -,          refused",
        "shop,          deploy, POST,   /api/v1/projects/shop/promote,                          -,    -,          allowed",
      })
  void decides(
      String scope,
      String role,
      String method,
      String path,
      String project,
      String env,
      String expect) {
    TokenPolicy p = policy(scope, role);
    assertThat(TokenScope.refusal(p, method, path, project, env).isEmpty())
        .isEqualTo(expect.equals("allowed"));
  }

  @org.junit.jupiter.api.Test
  void expiredAndRevokedPoliciesAreInactive() {
    Instant t = Instant.parse("2026-12-03T00:00:00Z");
    TokenPolicy p = new TokenPolicy(1, "shop", "", TokenRole.READ, t.plusSeconds(60), null);
    assertThat(p.activeAt(t)).isTrue();
    assertThat(p.activeAt(t.plusSeconds(60))).isFalse();
    assertThat(p.revoked(t).activeAt(t)).isFalse();
  }
}
