package dev.berth.core.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.berth.core.cron.internal.CronMessages;
import dev.berth.core.model.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cron schedule math as pure functions: validation and the next run after a given instant. The
 * caller passes "now"; nothing here reads a clock.
 *
 * <p>Semantics: five-field Unix cron (minute hour day-of-month month day-of-week; day-of-month and
 * day-of-week combine with OR when both are restricted), evaluated on the wall clock of the
 * schedule's time zone, with the daylight-saving rules of Vixie cron, which most people's intuition
 * follows:
 *
 * <ul>
 *   <li>A fixed-time job (neither the minute nor the hour field starts with {@code *}, e.g. {@code
 *       30 2 * * *}) runs once per matching wall-clock time: when the clock springs forward over
 *       that time, it runs at the moment of the jump; when the clock falls back and repeats it, it
 *       runs only the first time.
 *   <li>Any other job ({@code *}/{@code *}{@code /15} in the minute or hour) runs at every instant
 *       whose wall-clock time matches: skipped wall-clock times are skipped, repeated ones run
 *       twice.
 * </ul>
 */
public final class CronSchedules {

  /** The macros Kubernetes CronJob accepts, with their five-field meaning. */
  private static final Map<String, String> MACROS = macros();

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final List<String> FIELDS =
      List.of("minute", "hour", "day-of-month", "month", "day-of-week");
  private static final ZonedDateTime NEVER_CHECK_FROM =
      ZonedDateTime.of(2001, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final Duration MAX_OVERLAP = Duration.ofHours(3);
  private static final int MAX_CANDIDATES = 10_000;

  private CronSchedules() {}

  private static Map<String, String> macros() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("@yearly", "0 0 1 1 *");
    m.put("@annually", "0 0 1 1 *");
    m.put("@monthly", "0 0 1 * *");
    m.put("@weekly", "0 0 * * 0");
    m.put("@daily", "0 0 * * *");
    m.put("@midnight", "0 0 * * *");
    m.put("@hourly", "0 * * * *");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * The five-field form of an expression: macros expanded, whitespace normalised, a field that is
   * just {@code ?} read as {@code *} (as Kubernetes' cron library does).
   */
  static String expand(String expression) {
    String e = expression.strip();
    String macro = MACROS.get(e);
    return macro != null ? macro : String.join(" ", questionMarks(e.split("\\s+")));
  }

  private static String[] questionMarks(String[] fields) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].equals("?")) {
        fields[i] = "*";
      }
    }
    return fields;
  }

  /**
   * Why {@code expression} is not a schedule, in plain words ("the hour field '25': 25 is outside
   * 0-23"), or empty when it is one.
   */
  public static Optional<String> problem(String expression) {
    return compiled(expression).problem();
  }

  /** A parsed expression, or why it does not parse. Cached: parsing with cron-utils is slow. */
  private record Compiled(
      Optional<String> problem, ExecutionTime times, boolean fixedTime, boolean never) {}

  private static final int CACHE_LIMIT = 1024;
  private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

  private static Compiled compiled(String expression) {
    Compiled c = CACHE.get(expression);
    if (c == null) {
      c = compile(expression);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(expression, c);
    }
    return c;
  }

  private static Compiled compile(String expression) {
    Optional<String> problem = check(expression);
    if (problem.isPresent()) {
      return new Compiled(problem, null, false, false);
    }
    String[] fields = expand(expression).split(" ");
    boolean fixedTime = !fields[0].startsWith("*") && !fields[1].startsWith("*");
    Cron cron = PARSER.parse(String.join(" ", fields));
    ExecutionTime times = ExecutionTime.forCron(cron);
    boolean never = times.nextExecution(NEVER_CHECK_FROM).isEmpty();
    return new Compiled(problem, times, fixedTime, never);
  }

  private static Optional<String> check(String expression) {
    String e = expression.strip();
    if (e.isEmpty()) {
      return Optional.of("the schedule is empty");
    }
    if (e.startsWith("@")) {
      return MACROS.containsKey(e)
          ? Optional.empty()
          : Optional.of(
              "'" + e + "' is not one of the macros " + String.join(", ", MACROS.keySet()));
    }
    String[] fields = questionMarks(e.split("\\s+"));
    if (fields.length != 5) {
      String seconds = fields.length == 6 ? " (seconds are not supported)" : "";
      return Optional.of(
          "it has "
              + fields.length
              + " field"
              + (fields.length == 1 ? "" : "s")
              + ", not 5"
              + seconds);
    }
    for (int i = 0; i < 5; i++) {
      String[] probe = {"*", "*", "*", "*", "*"};
      probe[i] = fields[i];
      try {
        PARSER.parse(String.join(" ", probe)).validate();
      } catch (IllegalArgumentException ex) {
        return Optional.of(
            "the "
                + FIELDS.get(i)
                + " field '"
                + fields[i]
                + "': "
                + CronMessages.explain(fields[i], ex.getMessage()));
      }
    }
    try {
      PARSER.parse(String.join(" ", fields)).validate();
    } catch (IllegalArgumentException ex) {
      return Optional.of(CronMessages.explain(e, ex.getMessage()));
    }
    return Optional.empty();
  }

  /**
   * What to tell the user about a valid expression that never fires ({@code 0 0 30 2 *}: no
   * February has a 30th), or empty. Such a schedule is accepted, as Kubernetes accepts it, but
   * {@code berth plan} and {@code apply} warn.
   */
  public static Optional<String> warning(String expression) {
    Compiled c = compiled(expression);
    if (c.problem().isPresent() || !c.never()) {
      return Optional.empty();
    }
    return Optional.of("'" + expression.strip() + "' never runs: no month has that day");
  }

  /**
   * The first run strictly after {@code after}, in the schedule's time zone, following the
   * daylight-saving rules in the class comment.
   *
   * @throws IllegalArgumentException when the expression or the zone is invalid, or it never runs
   */
  public static Instant nextRun(CronSchedule schedule, Instant after) {
    return next(schedule, after)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "schedule '" + schedule.expression() + "' never runs"));
  }

  /**
   * The first run strictly after {@code after}, or empty when the schedule never runs ({@link
   * #warning}).
   *
   * @throws IllegalArgumentException when the expression or the zone is invalid
   */
  public static Optional<Instant> next(CronSchedule schedule, Instant after) {
    Compiled compiled = compiled(schedule.expression());
    if (compiled.problem().isPresent()) {
      throw new IllegalArgumentException(
          "invalid schedule '" + schedule.expression() + "': " + compiled.problem().get());
    }
    if (compiled.never()) {
      return Optional.empty();
    }
    boolean fixedTime = compiled.fixedTime();
    ExecutionTime times = compiled.times();
    ZoneRules rules;
    try {
      rules = ZoneId.of(schedule.timezone()).getRules();
    } catch (java.time.DateTimeException ex) {
      throw new IllegalArgumentException("invalid time zone '" + schedule.timezone() + "'", ex);
    }

    // Start early enough to see wall-clock times that repeat after a fall-back transition.
    ZoneOffset lowest = rules.getOffset(after);
    ZoneOffset later = rules.getOffset(after.plus(MAX_OVERLAP));
    if (later.getTotalSeconds() < lowest.getTotalSeconds()) {
      lowest = later;
    }
    ZonedDateTime cursor = after.atOffset(lowest).toLocalDateTime().atZone(ZoneOffset.UTC);
    cursor = cursor.minusSeconds(1);
    Instant best = null;
    for (int i = 0; i < MAX_CANDIDATES; i++) {
      Optional<ZonedDateTime> next = times.nextExecution(cursor);
      if (next.isEmpty()) {
        break;
      }
      cursor = next.get();
      LocalDateTime local = cursor.toLocalDateTime();
      List<ZoneOffset> offsets = rules.getValidOffsets(local);
      Instant earliest;
      Instant repeat = null;
      if (offsets.isEmpty()) {
        ZoneOffsetTransition gap = rules.getTransition(local);
        earliest = gap.getInstant();
        if (!fixedTime) {
          continue;
        }
      } else {
        earliest = local.toInstant(offsets.get(0));
        if (offsets.size() > 1 && !fixedTime) {
          repeat = local.toInstant(offsets.get(1));
        }
      }
      if (best != null && !earliest.isBefore(best)) {
        break;
      }
      for (Instant candidate : new Instant[] {earliest, repeat}) {
        if (candidate != null
            && candidate.isAfter(after)
            && (best == null || candidate.isBefore(best))) {
          best = candidate;
        }
      }
      if (earliest.equals(best)) {
        break; // later wall-clock times never come earlier than this one's first instant
      }
    }
    return Optional.ofNullable(best);
  }
}
