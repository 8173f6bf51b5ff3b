package dev.berth.engine.cron;

import dev.berth.core.cron.CronRun;
import dev.berth.core.cron.CronRun.State;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceKey;
import java.time.Duration;
import java.time.Instant;

/**
 * The events of cron runs, for history, alerts and {@code berth events}: {@value #STARTED}, {@value
 * #SUCCEEDED}, {@value #FAILED}, {@value #TIMED_OUT}, {@value #MISSED}, {@value #SKIPPED_OVERLAP},
 * and also {@value #REPLACED}, {@value #RETRYING} and {@value #WAITING}. Each names the run id in
 * its message and the attempt's replica id as its replica.
 */
public final class CronEvents {
  public static final String STARTED = "CronRunStarted";
  public static final String SUCCEEDED = "CronRunSucceeded";
  public static final String FAILED = "CronRunFailed";
  public static final String TIMED_OUT = "CronRunTimedOut";
  public static final String MISSED = "CronRunMissed";
  public static final String SKIPPED_OVERLAP = "CronRunSkippedOverlap";
  public static final String REPLACED = "CronRunReplaced";
  public static final String RETRYING = "CronRunRetrying";
  public static final String WAITING = "CronRunWaiting";

  /** Every type, for listeners that want all of them. */
  public static boolean isCron(String type) {
    return type.startsWith("CronRun");
  }

  private CronEvents() {}

  static Event started(Instant now, ServiceKey key, CronRun r) {
    Duration late = Duration.between(r.scheduledAt(), now);
    String when =
        r.manual()
            ? "manual run"
            : "scheduled " + r.scheduledAt() + ", started " + late.toMillis() + " ms after";
    return Event.of(
        now,
        key,
        RunSpecs.replicaId(r),
        STARTED,
        "run " + r.id() + " attempt " + r.attempt() + ": " + when);
  }

  /** The event of a run that just finished, or of one going into back-off. */
  static Event ended(Instant now, ServiceKey key, CronRun r, String replica) {
    String exit = r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")";
    return switch (r.state()) {
      case SUCCEEDED -> Event.of(now, key, replica, SUCCEEDED, "run " + r.id() + " succeeded");
      case FAILED ->
          Event.of(
              now,
              key,
              replica,
              FAILED,
              "run " + r.id() + " failed" + exit + " after " + r.attempt() + " attempt(s)");
      case TIMED_OUT ->
          Event.of(now, key, replica, TIMED_OUT, "run " + r.id() + " ran past its timeout" + exit);
      case REPLACED ->
          Event.of(now, key, replica, REPLACED, "run " + r.id() + " replaced by a newer run");
      case BACKOFF ->
          Event.of(
              now,
              key,
              replica,
              RETRYING,
              "run "
                  + r.id()
                  + " attempt "
                  + r.attempt()
                  + " failed"
                  + exit
                  + "; retry at "
                  + r.retryAt());
      case MISSED -> missed(now, key, r, "its starting deadline passed while it waited for room");
      default -> throw new IllegalArgumentException(r.state().toString());
    };
  }

  static Event notRun(Instant now, ServiceKey key, CronRun r) {
    if (r.state() == State.SKIPPED_OVERLAP) {
      return Event.of(
          now,
          key,
          "",
          SKIPPED_OVERLAP,
          "run " + r.id() + " skipped: the previous run still runs (concurrency forbid)");
    }
    return missed(now, key, r, "the scheduler could not start it in time");
  }

  private static Event missed(Instant now, ServiceKey key, CronRun r, String why) {
    return Event.of(
        now,
        key,
        "",
        MISSED,
        "run " + r.id() + " scheduled " + r.scheduledAt() + " missed: " + why);
  }

  static Event waiting(Instant now, ServiceKey key, CronRun r, String why) {
    return Event.of(now, key, "", WAITING, "run " + r.id() + " waits: " + why);
  }
}
