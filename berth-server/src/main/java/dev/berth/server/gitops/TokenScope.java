package dev.berth.server.gitops;

import dev.berth.engine.store.TokenPolicy;
import dev.berth.engine.store.TokenRole;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a scoped token may make a request: a pure decision on the method, the path and the
 * project/environment the request names (in its path, its query or its body).
 *
 * <p>Invariants: a {@link TokenRole#READ} token only reads (GET, HEAD); only {@link
 * TokenRole#ADMIN} tokens without a scope reach token management and the webhook secret; a scoped
 * token reaches only paths that name a project and environment in its scope, or calls whose body or
 * query names them; anything the decision does not recognize is refused (deny by default).
 */
public final class TokenScope {
  private static final Pattern ENV_PATH =
      Pattern.compile("^/api/v1/projects/([^/]+)/environments/([^/]+)(/.*)?$");
  private static final Pattern PROJECT_PATH = Pattern.compile("^/api/v1/projects/([^/]+)(/.*)?$");

  private TokenScope() {}

  /**
   * Why the request is refused, or empty if allowed.
   *
   * @param project the project the request names in its query or body, or null
   * @param environment the environment it names there, or null
   */
  public static Optional<String> refusal(
      TokenPolicy p, String method, String path, String project, String environment) {
    boolean reads = method.equals("GET") || method.equals("HEAD");
    if (!reads && !p.role().allows(TokenRole.DEPLOY)) {
      return Optional.of("this token may only read (role read); create one with --role deploy");
    }
    boolean scoped = !p.project().isEmpty();
    if (path.startsWith("/api/v1/tokens") || path.equals("/api/v1/hooks/secret")) {
      return p.role() == TokenRole.ADMIN && !scoped
          ? Optional.empty()
          : Optional.of("only an admin token without a scope manages tokens and webhooks");
    }
    if (!scoped) {
      return Optional.empty();
    }
    if (path.equals("/api/v1/session") || path.equals("/api/v1/openapi.json")) {
      return Optional.empty();
    }
    if (path.startsWith("/api/v1/artifacts")) { // content-addressed code: names no environment
      return Optional.empty();
    }
    Matcher m = ENV_PATH.matcher(path);
    if (m.matches()) {
      return inScope(p, m.group(1), m.group(2));
    }
    m = PROJECT_PATH.matcher(path);
    if (m.matches()) {
      return inScope(p, m.group(1), environment == null ? "" : environment);
    }
    if (project != null && !project.isEmpty()) {
      return inScope(p, project, environment == null ? "" : environment);
    }
    return Optional.of(
        "this token is scoped to "
            + scopeText(p)
            + ": name the project and environment (this call does not)");
  }

  private static Optional<String> inScope(TokenPolicy p, String project, String environment) {
    if (p.covers(project, environment) && (p.environment().isEmpty() || !environment.isEmpty())) {
      return Optional.empty();
    }
    String asked = project + (environment.isEmpty() ? "" : "/" + environment);
    return Optional.of("this token is scoped to " + scopeText(p) + ", not " + asked);
  }

  /** {@code shop/staging} or {@code shop}. */
  public static String scopeText(TokenPolicy p) {
    if (p.project().isEmpty()) {
      return "all projects";
    }
    return p.environment().isEmpty() ? p.project() : p.project() + "/" + p.environment();
  }
}
