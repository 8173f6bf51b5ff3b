package dev.berth.engine.config;

import dev.berth.engine.app.AppException;
import java.util.Map;
import java.util.regex.Pattern;

/** What a config var may be called and hold. Pure. */
public final class ConfigNames {
  /** A POSIX shell variable name: what every process can read from its environment. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  /** The largest value (32 KiB): certificates fit, files do not belong in the environment. */
  public static final int MAX_VALUE = 32 * 1024;

  /** The most vars one environment holds. */
  public static final int MAX_VARS = 500;

  private ConfigNames() {}

  /** Refuses a name the processes could not read or that Berth sets itself. */
  public static void check(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid(
          "config var name '"
              + (name == null ? "" : name)
              + "' is not valid: use letters, digits and '_', not starting with a digit (at"
              + " most 255 characters), e.g. DATABASE_URL");
    }
    if (name.equals("PORT") || name.startsWith("BERTH_")) {
      throw invalid(
          "config var " + name + " is set by Berth itself (PORT and BERTH_*); choose another name");
    }
  }

  /** Checks every pair of a {@code set}. */
  public static void check(Map<String, String> vars) {
    if (vars.isEmpty()) {
      throw invalid("nothing to set: give KEY=VALUE pairs, e.g. berth config set LOG_LEVEL=debug");
    }
    for (Map.Entry<String, String> e : vars.entrySet()) {
      check(e.getKey());
      String v = e.getValue();
      if (v == null) {
        throw invalid("config var " + e.getKey() + " has no value; give KEY=VALUE");
      }
      if (v.length() > MAX_VALUE) {
        throw invalid(
            "config var "
                + e.getKey()
                + " is "
                + v.length()
                + " characters; a value is at most "
                + MAX_VALUE);
      }
      if (v.indexOf('\0') >= 0) {
        throw invalid(
            "config var "
                + e.getKey()
                + " contains a NUL character, which no process environment can hold");
      }
    }
  }

  /**
   * {@code KEY=VALUE} arguments as vars, split at the first {@code '='} (a value may hold more);
   * names are checked by the server, not here.
   *
   * @throws AppException ({@code invalid_config}) for an argument without a name and {@code '='}
   */
  public static Map<String, String> pairs(java.util.List<String> args) {
    Map<String, String> vars = new java.util.LinkedHashMap<>();
    for (String p : args) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw invalid(
            "'"
                + (eq < 0 ? p : "=...")
                + "' is not KEY=VALUE: write e.g. berth config set LOG_LEVEL=debug (quote a value"
                + " with spaces: KEY=\"a b\")");
      }
      vars.put(p.substring(0, eq), p.substring(eq + 1));
    }
    return vars;
  }

  private static AppException invalid(String message) {
    return new AppException(AppException.Kind.INVALID, "invalid_config", message);
  }
}
