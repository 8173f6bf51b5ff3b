package dev.berth.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What one API token may do. A token without a policy is an admin token of every project (the
 * tokens {@code berth up} prints were made before policies existed).
 *
 * @param tokenId the token's id
 * @param project the only project it may touch, or empty for all
 * @param environment the only environment (of {@code project}) it may touch, or empty for all
 * @param role what it may do there
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null
 */
public record TokenPolicy(
    long tokenId,
    String project,
    String environment,
    TokenRole role,
    Instant expiresAt,
    Instant revokedAt) {
  public TokenPolicy {
    project = project == null ? "" : project;
    environment = environment == null ? "" : environment;
    Objects.requireNonNull(role, "role");
  }

  /** Whether the token works at {@code now}: not revoked, not expired. */
  public boolean activeAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  /** Whether {@code project}/{@code environment} (either may be empty: "all") is in scope. */
  public boolean covers(String p, String e) {
    if (project.isEmpty()) {
      return true;
    }
    if (!project.equals(p)) {
      return false;
    }
    return environment.isEmpty() || environment.equals(e);
  }

  /** The same policy, revoked at {@code at}. */
  public TokenPolicy revoked(Instant at) {
    return new TokenPolicy(tokenId, project, environment, role, expiresAt, at);
  }
}
