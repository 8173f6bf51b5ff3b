package dev.berth.core.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a spec: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, or
 * combined from the largest unit down ({@code 1m30s}, {@code 1h5m}).
 *
 * <p>Invariants: a number without a unit is rejected (is {@code 5} seconds or milliseconds?);
 * {@code parse(format(d)).equals(d)} for every non-negative whole-millisecond duration.
 */
public final class Durations {

  static final String FORMS =
      "use a whole number with a unit: ms, s, m or h, e.g. 500ms, 2s, 1m or 1m30s";

  private static final Pattern DURATION =
      Pattern.compile(
          "(?=[0-9])(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m(?!s))?(?:([0-9]{1,9})s)?(?:([0-9]{1,9})ms)?");
  private static final Pattern BARE_NUMBER = Pattern.compile("[0-9]{1,9}");

  private Durations() {}

  /**
   * Parses {@code 500ms}, {@code 2s}, {@code 1m30s}, {@code 1h}.
   *
   * @throws InvalidValueException naming the value and listing the accepted forms
   */
  public static Duration parse(String text) {
    String t = text.strip();
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      if (BARE_NUMBER.matcher(t).matches()) {
        throw new InvalidValueException(
            "duration '" + text + "' has no unit", "write " + t + "s for seconds, or " + t + "ms");
      }
      if (t.startsWith("-")) {
        throw new InvalidValueException("duration '" + text + "' is negative", FORMS);
      }
      throw new InvalidValueException("'" + text + "' is not a duration", FORMS);
    }
    return Duration.ofHours(part(m, 1))
        .plusMinutes(part(m, 2))
        .plusSeconds(part(m, 3))
        .plusMillis(part(m, 4));
  }

  private static long part(Matcher m, int group) {
    String g = m.group(group);
    return g == null ? 0 : Long.parseLong(g);
  }

  /**
   * The canonical spelling: units from hours down to milliseconds, zero parts left out ({@code
   * 1m30s}, {@code 1s500ms}, {@code 0s}).
   *
   * @throws IllegalArgumentException for negative durations or ones with sub-millisecond parts
   */
  public static String format(Duration d) {
    if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "only non-negative whole milliseconds can be written: " + d);
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    append(b, d.toHours(), "h");
    append(b, d.toMinutesPart(), "m");
    append(b, d.toSecondsPart(), "s");
    append(b, d.toMillisPart(), "ms");
    return b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n != 0) {
      b.append(n).append(unit);
    }
  }
}
