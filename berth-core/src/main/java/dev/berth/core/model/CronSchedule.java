package dev.berth.core.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When a cron service runs, and the rules for each run: Kubernetes CronJob's settings, with safer
 * defaults where Kubernetes' are not ({@code forbid} instead of {@code allow}, no retries unless
 * asked). See {@code docs/cron.md}.
 *
 * <p>Invariants: {@code timezone}, {@code concurrency}, {@code missedRuns}, {@code retries} and
 * {@code history} are never {@code null} (a {@code null} argument, as from a row stored before the
 * setting existed, means the default); {@code startingDeadline} and {@code timeout} are {@code
 * null} when off, positive otherwise.
 *
 * @param expression a five-field Unix cron expression or a macro ({@code @hourly}, {@code @daily},
 *     {@code @midnight}, {@code @weekly}, {@code @monthly}, {@code @yearly}, {@code @annually}), as
 *     Kubernetes CronJob accepts
 * @param timezone an IANA zone id such as {@code Europe/Paris}; {@code UTC} when the spec is silent
 * @param concurrency what to do when a run is due while the previous one still runs
 * @param startingDeadline a run that cannot start within this of its scheduled time is recorded as
 *     missed instead ({@code startingDeadlineSeconds}); {@code null}: no deadline
 * @param missedRuns what to do about scheduled times that passed while nothing could start them
 * @param timeout a run still running this long after it started is stopped and marked timed out
 *     ({@code activeDeadlineSeconds}); {@code null}: no limit
 * @param retries how often a failed run is started again, and the delay between attempts
 * @param suspend {@code true}: no run is started on schedule (a manual trigger still runs)
 * @param history how many finished runs are kept
 */
public record CronSchedule(
    String expression,
    String timezone,
    Concurrency concurrency,
    Duration startingDeadline,
    MissedRuns missedRuns,
    Duration timeout,
    Retries retries,
    boolean suspend,
    History history) {

  /** Kubernetes CronJob's concurrencyPolicy, spelled in lower case in the spec. */
  public enum Concurrency {
    ALLOW,
    FORBID,
    REPLACE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Concurrency fromWire(String text) {
      for (Concurrency c : values()) {
        if (c.wireName().equals(text)) {
          return c;
        }
      }
      return null;
    }
  }

  /**
   * What happens to scheduled times that passed without a run (the control plane was down, or the
   * machine was full): never a burst of replays.
   */
  public enum MissedRuns {
    /** One run for the most recent missed time (what Kubernetes does); the others are recorded. */
    RUN_LATEST,
    /** No run: every missed time is recorded, the next run is the next scheduled time. */
    SKIP;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static MissedRuns fromWire(String text) {
      for (MissedRuns m : values()) {
        if (m.wireName().equals(text)) {
          return m;
        }
      }
      return null;
    }
  }

  /**
   * Kubernetes Job's {@code backoffLimit} with its delays: attempt {@code n} (1-based, after the
   * first) waits {@code backoff * 2^(n-1)}, at most {@code maxBackoff}.
   *
   * @param limit how many times a failed run is started again (0: never)
   * @param backoff the delay before the first retry
   * @param maxBackoff the longest delay between two attempts, at least {@code backoff}
   */
  public record Retries(int limit, Duration backoff, Duration maxBackoff) {
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(6);

    /** No retries, Kubernetes' delays: a failed run is reported, not repeated, unless asked. */
    public static final Retries NONE = new Retries(0, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF);

    public Retries {
      if (limit < 0) {
        throw new IllegalArgumentException("retries must be >= 0");
      }
      backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
      maxBackoff = maxBackoff == null ? DEFAULT_MAX_BACKOFF : maxBackoff;
      if (backoff.isNegative() || backoff.isZero() || maxBackoff.compareTo(backoff) < 0) {
        throw new IllegalArgumentException("need 0 < backoff <= maxBackoff");
      }
    }

    /** The delay before attempt {@code attempt} (2 is the first retry): doubling, capped. */
    public Duration delayBefore(int attempt) {
      if (attempt < 2) {
        return Duration.ZERO;
      }
      Duration d = backoff;
      for (int i = 2; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
        d = d.multipliedBy(2);
      }
      return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
  }

  /**
   * How many finished runs are kept, by outcome (Kubernetes' successfulJobsHistoryLimit and
   * failedJobsHistoryLimit, same defaults). Missed and skipped times count as failed.
   */
  public record History(int successful, int failed) {
    public static final History DEFAULT = new History(3, 1);

    public History {
      if (successful < 0 || failed < 0) {
        throw new IllegalArgumentException("history limits must be >= 0");
      }
    }
  }

  public CronSchedule {
    Objects.requireNonNull(expression, "expression");
    timezone = timezone == null ? "UTC" : timezone;
    concurrency = concurrency == null ? Concurrency.FORBID : concurrency;
    missedRuns = missedRuns == null ? MissedRuns.RUN_LATEST : missedRuns;
    retries = retries == null ? Retries.NONE : retries;
    history = history == null ? History.DEFAULT : history;
    if (startingDeadline != null && (startingDeadline.isNegative() || startingDeadline.isZero())) {
      throw new IllegalArgumentException("startingDeadline must be positive");
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** A schedule with every run setting at its default. */
  public CronSchedule(String expression, String timezone, Concurrency concurrency) {
    this(expression, timezone, concurrency, null, null, null, null, false, null);
  }
}
