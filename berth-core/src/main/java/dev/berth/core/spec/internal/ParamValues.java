package dev.berth.core.spec.internal;

import dev.berth.core.cron.CronSchedules;
import dev.berth.core.model.TriggerType;
import dev.berth.core.spec.internal.TriggerParams.Param;
import java.net.URI;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one trigger parameter's value by its {@link TriggerParams.Kind}: numbers (unquoted, at
 * least 0), whole numbers, booleans, choices, cron expressions, time zones and URLs (which may not
 * hold a password). Each returns the value as stored in the trigger's parameters, or {@code null}
 * after reporting a problem.
 */
final class ParamValues {
  private final Problems p;
  private final TriggerType type;
  private final TriggerParams.Spec spec;

  ParamValues(Problems problems, TriggerType type) {
    this.p = problems;
    this.type = type;
    this.spec = TriggerParams.of(type);
  }

  /** The value as stored in {@code params}, or {@code null} after a problem. */
  String value(Param def, Node n, String kp) {
    String key = def.name();
    switch (def.kind()) {
      case NUMBER -> {
        Double d = number(n, kp, key, def.example());
        return d == null ? null : format(d);
      }
      case WHOLE -> {
        Integer i = Scalars.integer(n, kp, key, 0, 1_000_000, p);
        return i == null ? null : Integer.toString(i);
      }
      case BOOL -> {
        Boolean b = Scalars.bool(n, kp, key, p);
        return b == null ? null : b.toString();
      }
      case CHOICE -> {
        String text = Scalars.text(n, kp, key, p);
        if (text != null && !def.choices().contains(text)) {
          p.at(
              n,
              kp,
              Scalars.quote(text) + " is not a " + key + " of a " + type.wireName() + " trigger",
              Suggestions.didYouMean(
                  text, def.choices(), "use " + Suggestions.quotedList(def.choices(), "or")));
          return null;
        }
        return text;
      }
      case CRON -> {
        String text = Scalars.nonBlank(n, kp, "a cron expression", p);
        Optional<String> problem = text == null ? Optional.empty() : CronSchedules.problem(text);
        if (problem.isPresent()) {
          p.at(
              n,
              kp,
              Scalars.quote(text) + " is not a valid cron expression: " + problem.get(),
              "write minute hour day-of-month month day-of-week, e.g. \"" + def.example() + "\"");
          return null;
        }
        return text == null ? null : text.strip();
      }
      case ZONE -> {
        String text = Scalars.nonBlank(n, kp, "a time zone", p);
        if (text != null && !Zones.isValid(text)) {
          p.at(n, kp, Scalars.quote(text) + " is not a time zone", Zones.hint(text));
          return null;
        }
        return text;
      }
      case URL -> {
        String text = Scalars.nonBlank(n, kp, "a URL such as " + def.example(), p);
        return text == null ? null : url(text, n, kp, key);
      }
      default -> {
        return Scalars.nonBlank(n, kp, key, p);
      }
    }
  }

  private String url(String text, Node n, String kp, String key) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (java.net.URISyntaxException ex) {
      p.at(
          n,
          kp,
          Scalars.quote(text) + " is not a URL",
          "write e.g. " + key + ": " + spec.param(key).example());
      return null;
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      p.at(
          n,
          kp,
          Scalars.quote(text) + " is not a URL with a scheme and a host",
          "write e.g. " + key + ": " + spec.param(key).example());
      return null;
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      p.at(
          n,
          kp,
          "the URL in " + key + " holds a password",
          "keep the URL without it and write passwordFromEnv: NAME (or "
              + key
              + "FromEnv: NAME"
              + " for a whole URL set with berth config), so it never shows in events or logs");
      return null;
    }
    return text.strip();
  }

  private static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private Double number(Node n, String kp, String key, String example) {
    if (n instanceof ScalarNode s
        && s.isPlain()
        && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
      try {
        double d = Double.parseDouble(s.getValue().replace("_", ""));
        if (Double.isFinite(d) && d >= 0) {
          return d;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
    }
    boolean quoted = n instanceof ScalarNode s && !s.isPlain();
    p.at(
        n,
        kp,
        "expected a number of at least 0, got " + Scalars.describe(n),
        quoted
            ? "remove the quotes: " + key + ": " + ((ScalarNode) n).getValue().strip()
            : "write e.g. " + key + ": " + example);
    return null;
  }
}
