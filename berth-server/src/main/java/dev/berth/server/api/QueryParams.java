package dev.berth.server.api;

import io.javalin.http.Context;
import java.util.Set;

/**
 * Query parameters read one way for every route. A boolean is exactly {@code true} or {@code
 * false}: anything else ({@code yes}, {@code 1}, {@code TRUE}, an empty value) is a 400, because
 * reading it as false is how {@code ?dryRun=yes} once deployed for real.
 */
final class QueryParams {
  /** Every boolean query parameter of the API; {@link #checkBooleans} refuses bad values of any. */
  static final Set<String> BOOLEANS = Set.of("dryRun", "follow", "reveal");

  private QueryParams() {}

  /**
   * Runs before every handler: a boolean parameter with a value other than {@code true} or {@code
   * false}, or given twice, is refused before any handler can misread it.
   */
  static void checkBooleans(Context x) {
    for (String name : BOOLEANS) {
      bool(x, name);
    }
  }

  /** {@code true} or {@code false} as given; absent is false; anything else is a 400. */
  static boolean bool(Context x, String name) {
    var values = x.queryParams(name);
    if (values.isEmpty()) {
      return false;
    }
    if (values.size() > 1) {
      throw new BadRequest(
          "invalid_request", "query parameter " + name + " is given " + values.size() + " times");
    }
    return parseBoolean(name, values.get(0));
  }

  /** The rule of {@link #bool} on one value, for tests and fuzzing. */
  static boolean parseBoolean(String name, String value) {
    if ("true".equals(value)) {
      return true;
    }
    if ("false".equals(value)) {
      return false;
    }
    throw new BadRequest(
        "invalid_request",
        "query parameter " + name + " must be true or false, got '" + shorten(value) + "'");
  }

  /** A whole number, or {@code dflt} when absent or empty; anything else is a 400. */
  static long longParam(Context x, String name, long dflt) {
    return parseLong(name, x.queryParam(name), dflt);
  }

  /** The rule of {@link #longParam} on one value. */
  static long parseLong(String name, String value, long dflt) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadRequest(
          "invalid_request", name + " must be a whole number, got '" + shorten(value) + "'");
    }
  }

  /** A value quoted in a message: at most 100 characters, so an error never echoes megabytes. */
  static String shorten(String value) {
    return value.length() <= 100 ? value : value.substring(0, 100) + "...";
  }
}
