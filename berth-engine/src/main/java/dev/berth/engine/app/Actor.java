package dev.berth.engine.app;

import java.util.Objects;

/**
 * Who asks for a change, as releases and the audit log record it: the API token that authenticated
 * the request (the part the control plane can vouch for) and the user name the CLI reports (the
 * operating-system user who ran {@code berth}, as the client says).
 *
 * @param user the client's user name, or empty
 * @param token the authenticated token's name, or empty for changes Berth makes itself
 */
public record Actor(String user, String token) {
  /** Berth itself: an automatic rollback, a recovery after restart. */
  public static final Actor BERTH = new Actor("berth", "");

  public Actor {
    user = user == null ? "" : user.strip();
    token = token == null ? "" : token.strip();
  }

  /** {@code alice (token admin)}, {@code token admin}, or {@code berth}. */
  public String display() {
    if (token.isEmpty()) {
      return user.isEmpty() ? "unknown" : user;
    }
    return user.isEmpty() ? "token " + token : user + " (token " + token + ")";
  }

  @Override
  public String toString() {
    return display();
  }

  /** A request from a client. */
  public static Actor of(String user, String token) {
    return new Actor(user, Objects.requireNonNull(token, "token"));
  }
}
