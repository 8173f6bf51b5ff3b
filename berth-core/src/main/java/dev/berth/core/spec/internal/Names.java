package dev.berth.core.spec.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for the names in a spec. Project, service and environment names become parts of host names
 * ({@code web.production.shop.localhost}) and of Kubernetes object names, so they are DNS labels:
 * lower-case letters, digits and dashes, starting with a letter, ending with a letter or digit, at
 * most {@value #MAX_LABEL} characters (three of them plus separators still fit in one 253-character
 * host name).
 */
public final class Names {

  public static final int MAX_LABEL = 40;

  private static final Pattern LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Names() {}

  public static boolean isLabel(String s) {
    return s.length() <= MAX_LABEL && LABEL.matcher(s).matches();
  }

  /** Why {@code s} is not a label, in a few words, or {@code null} when it is one. */
  public static String labelProblem(String s) {
    if (s.isEmpty()) {
      return "is empty";
    }
    if (s.length() > MAX_LABEL) {
      return "is longer than " + MAX_LABEL + " characters";
    }
    if (!s.equals(lower(s))) {
      return "has upper-case letters";
    }
    if (s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return "does not start with a letter";
    }
    if (s.endsWith("-")) {
      return "ends with a dash";
    }
    if (!LABEL.matcher(s).matches()) {
      return "has characters other than a-z, 0-9 and '-'";
    }
    return null;
  }

  public static boolean isEnvName(String s) {
    return ENV_NAME.matcher(s).matches();
  }

  /** A valid environment variable name made from {@code text}: other characters become '_'. */
  public static String envNameFrom(String text) {
    String s = text.replaceAll("[^A-Za-z0-9_]", "_");
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      s = "_" + s;
    }
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  /**
   * A valid label made from any text: accents dropped, lower-cased, runs of other characters turned
   * into one dash, {@code app-} put in front when it would not start with a letter, cut to {@value
   * #MAX_LABEL} characters. {@code app} when nothing usable is left.
   */
  public static String slug(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    s = lower(s).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (s.isEmpty()) {
      return "app";
    }
    if (!Character.isLetter(s.charAt(0))) {
      s = "app-" + s;
    }
    if (s.length() > MAX_LABEL) {
      s = s.substring(0, MAX_LABEL).replaceAll("-+$", "");
    }
    return s;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
