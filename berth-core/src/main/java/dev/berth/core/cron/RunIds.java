package dev.berth.core.cron;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Run ids: deterministic for a scheduled run (the service and the scheduled instant, in UTC), so
 * deciding the same scheduled time twice (after a restart, or on a second control plane) yields the
 * same id, which the store's primary key admits only once. Manual runs get the trigger instant to
 * the millisecond and a {@code manual} mark, so they never collide with a scheduled run.
 *
 * <p>Example: {@code nightly-report-20261203t020000z}; manual {@code
 * nightly-report-manual-20261203t142501123z}. Lower case, so an id is also a valid file name and
 * Kubernetes object name suffix.
 */
public final class RunIds {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private RunIds() {}

  /**
   * The run id of {@code service}'s run scheduled at {@code at} (whole seconds: cron has no less).
   */
  public static String scheduled(String service, Instant at) {
    return service + "-" + SECONDS.format(at).toLowerCase(java.util.Locale.ROOT);
  }

  /** The run id of a manual run of {@code service} triggered at {@code at}. */
  public static String manual(String service, Instant at) {
    return service + "-manual-" + MILLIS.format(at).toLowerCase(java.util.Locale.ROOT);
  }
}
