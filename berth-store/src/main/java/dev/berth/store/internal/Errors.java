package dev.berth.store.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Turns a driver's exception chain into the one short reason a person needs ("connection refused",
 * "password authentication failed for user x"), without the stack trace and never with a password.
 */
final class Errors {
  private Errors() {}

  /** The most telling message in {@code t}'s cause chain, with {@code secret} masked. */
  static String reason(Throwable t, String secret) {
    String reason = describe(t);
    if (secret != null && !secret.isEmpty()) {
      reason = reason.replace(secret, "***");
    }
    return reason;
  }

  private static String describe(Throwable t) {
    IOException io = find(t, IOException.class);
    if (io instanceof UnknownHostException) {
      return "unknown host " + io.getMessage();
    }
    if (io instanceof NoRouteToHostException) {
      return "no route to host (" + trim(io.getMessage()) + ")";
    }
    if (io instanceof ConnectException) {
      String detail = trim(io.getMessage());
      return detail.equalsIgnoreCase("connection refused")
          ? "connection refused"
          : "connection refused (" + detail + ")";
    }
    if (io instanceof SocketTimeoutException) {
      return "timed out (" + trim(io.getMessage()) + ")";
    }
    SQLException sql = find(t, SQLException.class);
    Throwable best = sql != null ? sql : (io != null ? io : root(t));
    String message = best.getMessage();
    return message == null || message.isBlank() ? best.getClass().getSimpleName() : trim(message);
  }

  private static <E extends Throwable> E find(Throwable t, Class<E> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static Throwable root(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String trim(String message) {
    String m = message == null ? "" : message.strip().replaceAll("\\s+", " ");
    while (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    return m;
  }
}
