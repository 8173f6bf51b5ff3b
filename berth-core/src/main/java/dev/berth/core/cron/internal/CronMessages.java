package dev.berth.core.cron.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns cron-utils' complaints ("Failed to parse cron expression. Value 25 not in range [0, 23]")
 * into plain words ("25 is outside 0-23"). Unknown complaints pass through, minus boilerplate.
 */
public final class CronMessages {

  private static final Pattern OUT_OF_RANGE =
      Pattern.compile("Value (\\d+) not in range \\[(\\d+), (\\d+)\\]");
  private static final Pattern PERIOD = Pattern.compile("Period (\\d+) not in range.*");
  private static final Pattern BAD_RANGE = Pattern.compile("Invalid range! \\[(\\d+),(\\d+)\\]");

  private CronMessages() {}

  /** A plain explanation of why {@code field} (as written) was refused. */
  public static String explain(String field, String cronUtilsMessage) {
    String m = cronUtilsMessage == null ? "" : cronUtilsMessage;
    m = m.replace("Failed to parse cron expression. ", "").strip();
    Matcher r = OUT_OF_RANGE.matcher(m);
    if (r.find()) {
      return r.group(1) + " is outside " + r.group(2) + "-" + r.group(3);
    }
    if (PERIOD.matcher(m).find()) {
      return "a step must be 1 or more";
    }
    Matcher b = BAD_RANGE.matcher(m);
    if (b.find()) {
      return "the range " + b.group(1) + "-" + b.group(2) + " runs backwards";
    }
    if (field.contains("?") || field.contains("L") || field.contains("W") || field.contains("#")) {
      return "'?', 'L', 'W' and '#' are Quartz syntax, which Unix cron does not have";
    }
    if (m.startsWith("Invalid chars")) {
      return "'" + field + "' is not a number, a range, a list, a step or a name";
    }
    if (m.startsWith("Invalid expression")) {
      return "'" + field + "' is not a number, a range, a list, a step or a name";
    }
    return m.isEmpty() ? "it is not valid" : m;
  }
}
