package dev.berth.engine.autoscale;

import dev.berth.core.model.TriggerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trigger's parameters with {@code <param>FromEnv} resolved against the service's environment,
 * and the secrets it resolved, so that error messages can be cleaned of them.
 *
 * <p>Invariant: {@link #redact} replaces every resolved secret-bearing value (passwords, and whole
 * connection strings taken from the environment, which may embed one) with {@code ***}.
 */
public final class TriggerConfig {
  private final TriggerSpec trigger;
  private final Map<String, String> env;
  private final List<String> secrets = new ArrayList<>();

  public TriggerConfig(TriggerSpec trigger, Map<String, String> env) {
    this.trigger = trigger;
    this.env = Map.copyOf(env);
  }

  public TriggerSpec trigger() {
    return trigger;
  }

  /**
   * The parameter {@code key}, written in the spec or through {@code keyFromEnv}; {@code null} when
   * neither is given.
   *
   * @throws MissingValueException when {@code keyFromEnv} names a variable that is not set
   */
  public String get(String key) {
    String direct = trigger.param(key);
    if (direct != null) {
      return direct;
    }
    String var = trigger.param(key + "FromEnv");
    if (var == null) {
      return null;
    }
    String value = env.get(var);
    if (value == null) {
      throw new MissingValueException(
          key
              + "FromEnv names "
              + var
              + ", which the service's environment does not set (set it"
              + " with env: or berth config)");
    }
    if (!value.isEmpty()
        && (key.equals("password") || key.equals("connection") || value.contains("@"))) {
      secrets.add(value);
      int at = value.indexOf('@');
      int colon = value.indexOf(':', value.indexOf("//") + 2);
      if (at > 0 && colon > 0 && colon < at) {
        secrets.add(value.substring(colon + 1, at)); // the password inside a URL
      }
    }
    return value;
  }

  /** {@link #get}, or {@code otherwise}. */
  public String get(String key, String otherwise) {
    String v = get(key);
    return v == null ? otherwise : v;
  }

  /** {@code text} with every resolved secret replaced by {@code ***}. */
  public String redact(String text) {
    if (text == null) {
      return "failed";
    }
    String out = text;
    for (String s : secrets) {
      if (s.length() >= 3) {
        out = out.replace(s, "***");
      }
    }
    return out;
  }

  /** A {@code FromEnv} variable that is not set: a configuration error, reported as a reading. */
  public static final class MissingValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingValueException(String message) {
      super(message);
    }
  }
}
