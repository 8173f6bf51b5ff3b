package dev.berth.core.cron;

import dev.berth.core.model.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled times of a schedule in a window {@code (after, upTo]}, bounded: a minutely job
 * after a month of downtime has 43,200 of them, and nothing needs them all. At most {@link
 * #MAX_LISTED} are listed (the earliest); the latest is always found, in a few steps whatever the
 * window.
 *
 * @param listed the earliest due times, ascending, at most {@link #MAX_LISTED}
 * @param latest the latest due time, or {@code null} when none is due
 * @param more {@code true} when there are due times between the listed ones and {@code latest}
 */
public record DueTimes(List<Instant> listed, Instant latest, boolean more) {

  /** The most due times listed one by one. */
  public static final int MAX_LISTED = 100;

  private static final List<Duration> PROBES =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofHours(1),
          Duration.ofDays(1),
          Duration.ofDays(32),
          Duration.ofDays(367),
          Duration.ofDays(367 * 8));

  public DueTimes {
    listed = Collections.unmodifiableList(new ArrayList<>(listed));
  }

  public boolean none() {
    return latest == null;
  }

  /** Every due time but the latest, as far as listed. */
  public List<Instant> beforeLatest() {
    return listed.isEmpty() || !listed.get(listed.size() - 1).equals(latest)
        ? listed
        : listed.subList(0, listed.size() - 1);
  }

  /** The due times of {@code schedule} in {@code (after, upTo]}. */
  public static DueTimes between(CronSchedule schedule, Instant after, Instant upTo) {
    List<Instant> listed = new ArrayList<>();
    Instant cursor = after;
    while (listed.size() < MAX_LISTED) {
      Optional<Instant> next = CronSchedules.next(schedule, cursor);
      if (next.isEmpty() || next.get().isAfter(upTo)) {
        return new DueTimes(listed, listed.isEmpty() ? null : listed.get(listed.size() - 1), false);
      }
      listed.add(next.get());
      cursor = next.get();
    }
    Instant latest = latest(schedule, cursor, upTo);
    boolean more =
        !latest.equals(cursor)
            && CronSchedules.next(schedule, cursor).map(n -> n.isBefore(latest)).orElse(false);
    return new DueTimes(listed, latest, more);
  }

  /** The latest due time in {@code [known, upTo]}, given that {@code known} is one. */
  private static Instant latest(CronSchedule schedule, Instant known, Instant upTo) {
    for (Duration d : PROBES) {
      Instant from = upTo.minus(d);
      if (!from.isAfter(known)) {
        from = known;
      }
      Instant last = null;
      Instant c = from;
      for (int i = 0; i < 100_000; i++) {
        Optional<Instant> next = CronSchedules.next(schedule, c);
        if (next.isEmpty() || next.get().isAfter(upTo)) {
          break;
        }
        last = next.get();
        c = last;
      }
      if (last != null) {
        return last;
      }
      if (from.equals(known)) {
        return known;
      }
    }
    // The probes reach back 8 years, and every valid schedule fires at least once in 8 years
    // once it fired at all (February 29 every 4 years, DST rules aside), so this is unreachable
    // in practice; walk the whole window rather than guess.
    Instant last = known;
    Optional<Instant> next;
    while ((next = CronSchedules.next(schedule, last)).isPresent() && !next.get().isAfter(upTo)) {
      last = next.get();
    }
    return last;
  }
}
