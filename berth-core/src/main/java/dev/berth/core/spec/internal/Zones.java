package dev.berth.core.spec.internal;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Time zone names for cron schedules: IANA ids only ({@code Europe/Paris}, {@code UTC}), as a
 * Kubernetes CronJob's {@code timeZone} takes, so the schedule means the same on both targets.
 * Fixed offsets ({@code +02:00}) are refused: they ignore daylight saving time, which is rarely
 * what a person scheduling "2 AM every night" wants.
 */
public final class Zones {

  private static final Set<String> IDS = new TreeSet<>(ZoneId.getAvailableZoneIds());

  private Zones() {}

  public static boolean isValid(String id) {
    return IDS.contains(id);
  }

  /** A hint for an unknown zone: close ids, the id behind an abbreviation, or how ids look. */
  public static String hint(String id) {
    List<String> close = new ArrayList<>();
    String lower = id.toLowerCase(Locale.ROOT);
    String shortId = ZoneId.SHORT_IDS.get(id.toUpperCase(Locale.ROOT));
    if (shortId != null && IDS.contains(shortId)) {
      close.add(shortId);
    }
    for (String z : IDS) {
      String zl = z.toLowerCase(Locale.ROOT);
      if (zl.equals(lower) || zl.endsWith("/" + lower.replace(' ', '_'))) {
        if (!close.contains(z)) {
          close.add(z);
        }
      }
    }
    if (close.isEmpty()) {
      close.addAll(Suggestions.closest(id, IDS));
    }
    if (!close.isEmpty()) {
      return "did you mean " + Suggestions.quotedList(close, "or") + "?";
    }
    return "use an IANA time zone id such as UTC, Europe/Paris or America/New_York";
  }
}
