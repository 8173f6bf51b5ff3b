package dev.berth.core.spec.internal;

import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of single values. Each returns {@code null} after reporting a problem at the value
 * that names it ({@code expected a whole number, got 'two'}), so a caller simply skips the field.
 *
 * <p>Text is taken as written ({@code 010} stays {@code 010}, {@code yes} stays {@code yes}), since
 * a spec means what it says; numbers and booleans must be unquoted, as in the JSON schema.
 */
public final class Scalars {

  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]{1,18}");
  private static final int SHOWN = 60;

  private Scalars() {}

  public static boolean isNull(Node n) {
    return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  /** How a value reads in a message: {@code 'two'}, {@code a mapping}, {@code a list}. */
  public static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(n)) {
      return "nothing";
    }
    return quote(((ScalarNode) n).getValue());
  }

  /** {@code 'value'}, shortened when long so a message stays one line. */
  public static String quote(String value) {
    String v = value.length() > SHOWN ? value.substring(0, SHOWN) + "..." : value;
    return "'" + v.replace("\n", "\\n") + "'";
  }

  /** Any non-null scalar as written, or {@code null} after a problem. */
  public static String text(Node n, String path, String what, Problems p) {
    if (n instanceof ScalarNode s && !isNull(n)) {
      return s.getValue();
    }
    p.at(n, path, "expected " + what + ", got " + describe(n), "write " + what + " here");
    return null;
  }

  /** Non-blank text, or {@code null} after a problem. */
  public static String nonBlank(Node n, String path, String what, Problems p) {
    String t = text(n, path, what, p);
    if (t != null && t.isBlank()) {
      p.at(
          n,
          path,
          path.substring(path.lastIndexOf('.') + 1) + " is empty",
          "write " + what + " here");
      return null;
    }
    return t;
  }

  /** A whole number in {@code [min, max]}, or {@code null} after a problem. */
  public static Integer integer(Node n, String path, String key, int min, int max, Problems p) {
    String range = key + " is a whole number from " + min + " to " + max;
    if (!(n instanceof ScalarNode s) || isNull(n)) {
      p.at(n, path, "expected a whole number, got " + describe(n), range);
      return null;
    }
    String v = s.getValue();
    if (!s.isPlain()) {
      p.at(
          n,
          path,
          "expected a whole number, got the text " + quote(v),
          DECIMAL.matcher(v.strip()).matches()
              ? "remove the quotes: " + key + ": " + v.strip()
              : range);
      return null;
    }
    if (!Tag.INT.equals(s.getTag()) || !DECIMAL.matcher(v).matches()) {
      p.at(n, path, "expected a whole number, got " + quote(v), range);
      return null;
    }
    long value = Long.parseLong(v);
    if (value < min || value > max) {
      p.at(
          n,
          path,
          key + " " + v + " is out of range",
          "use a whole number from " + min + " to " + max);
      return null;
    }
    return (int) value;
  }

  /** {@code true} or {@code false} (YAML 1.1 also reads yes/no/on/off), or {@code null}. */
  public static Boolean bool(Node n, String path, String key, Problems p) {
    if (n instanceof ScalarNode s && s.isPlain() && Tag.BOOL.equals(s.getTag())) {
      String v = s.getValue().toLowerCase(Locale.ROOT);
      return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
    }
    String hint = n instanceof ScalarNode s && !s.isPlain() ? "remove the quotes: " : "write ";
    p.at(
        n,
        path,
        "expected true or false, got " + describe(n),
        hint + key + ": true or " + key + ": false");
    return null;
  }

  /**
   * A duration ({@link dev.berth.core.spec.Durations}) of at most {@code max}, and above zero
   * unless {@code zeroAllowed}; or {@code null} after a problem. {@code example} is a good value to
   * suggest.
   */
  public static java.time.Duration duration(
      Node n,
      String path,
      String key,
      boolean zeroAllowed,
      java.time.Duration max,
      String example,
      Problems p) {
    String text = text(n, path, "a duration such as " + example, p);
    if (text == null) {
      return null;
    }
    java.time.Duration d;
    try {
      d = dev.berth.core.spec.Durations.parse(text);
    } catch (dev.berth.core.spec.InvalidValueException ex) {
      p.at(n, path, ex.problem(), ex.hint());
      return null;
    }
    if (d.isZero() && !zeroAllowed) {
      p.at(
          n,
          path,
          key + " " + quote(text) + " must be longer than zero",
          "use at least 1ms, e.g. " + example);
      return null;
    }
    if (d.compareTo(max) > 0) {
      p.at(
          n,
          path,
          key + " " + quote(text) + " is too long",
          "use at most " + dev.berth.core.spec.Durations.format(max));
      return null;
    }
    return d;
  }
}
