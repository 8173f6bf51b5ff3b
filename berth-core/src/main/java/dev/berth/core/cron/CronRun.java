package dev.berth.core.cron;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One run of a cron service: a scheduled time (or a manual trigger) and what became of it.
 *
 * <p>Invariants: {@code id} is {@link RunIds#scheduled} of the service and {@code scheduledAt} for
 * a scheduled run, so one scheduled time can only ever have one run (the store's primary key makes
 * that hold across restarts and control planes); {@code attempt} is 1 for the first start and grows
 * by one per retry; {@code startedAt} is set once the process started, {@code endedAt} once the run
 * is {@link State#finished()}; {@code retryAt} only in {@link State#BACKOFF}.
 *
 * @param id the run id
 * @param service the service name
 * @param scheduledAt the scheduled time (the trigger time for a manual run)
 * @param manual started by {@code berth cron trigger}, not by the schedule
 * @param state where the run is
 * @param attempt the current or last attempt, from 1; 0 while the first start waits for room
 * @param startedAt when its current or last attempt started, or {@code null}
 * @param endedAt when it finished, or {@code null}
 * @param exitCode the last attempt's exit code, or {@code null}
 * @param retryAt when the next attempt starts, only in BACKOFF
 * @param stopping while a RUNNING run is being stopped: the result it gets when it exits ({@link
 *     State#TIMED_OUT} or {@link State#REPLACED}); {@code null} otherwise
 */
public record CronRun(
    String id,
    String service,
    Instant scheduledAt,
    boolean manual,
    State state,
    int attempt,
    Instant startedAt,
    Instant endedAt,
    Integer exitCode,
    Instant retryAt,
    State stopping) {

  /** Where a run is. The API shows {@link #wireName()}. */
  public enum State {
    /** Decided, waiting for room on the machine (recorded late when it starts). */
    PENDING,
    /** Its process runs. */
    RUNNING,
    /** An attempt failed; the next one starts at {@code retryAt}. */
    BACKOFF,
    /** Exited 0. */
    SUCCEEDED,
    /** Exited non-zero (or could not start) with no retry left. */
    FAILED,
    /** Stopped after running longer than the timeout. */
    TIMED_OUT,
    /** Never started: too late for its starting deadline, or superseded after downtime. */
    MISSED,
    /** Never started: the previous run still ran and concurrency is forbid. */
    SKIPPED_OVERLAP,
    /** Stopped because a newer run replaced it (concurrency replace). */
    REPLACED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Active runs hold the service for concurrency: pending, running, or between attempts. */
    public boolean active() {
      return this == PENDING || this == RUNNING || this == BACKOFF;
    }

    public boolean finished() {
      return !active();
    }

    /** Counted against the successful history limit; every other finished state is "failed". */
    public boolean successful() {
      return this == SUCCEEDED;
    }
  }

  public CronRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(scheduledAt, "scheduledAt");
    Objects.requireNonNull(state, "state");
  }

  /** A new run, decided but not started. */
  public static CronRun pending(String service, Instant scheduledAt, boolean manual) {
    String id =
        manual ? RunIds.manual(service, scheduledAt) : RunIds.scheduled(service, scheduledAt);
    return new CronRun(
        id, service, scheduledAt, manual, State.PENDING, 0, null, null, null, null, null);
  }

  /** A time that got no run, recorded as {@code state} (missed or skipped-overlap). */
  public static CronRun notRun(String service, Instant scheduledAt, State state, Instant now) {
    return new CronRun(
        RunIds.scheduled(service, scheduledAt),
        service,
        scheduledAt,
        false,
        state,
        0,
        null,
        now,
        null,
        null,
        null);
  }

  public CronRun started(Instant now) {
    return new CronRun(
        id, service, scheduledAt, manual, State.RUNNING, attempt + 1, now, null, null, null, null);
  }

  public CronRun backoff(int exit, Instant retry) {
    return new CronRun(
        id,
        service,
        scheduledAt,
        manual,
        State.BACKOFF,
        attempt,
        startedAt,
        null,
        exit,
        retry,
        null);
  }

  public CronRun finished(State result, Integer exit, Instant now) {
    if (result.active()) {
      throw new IllegalArgumentException(result + " is not a result");
    }
    return new CronRun(
        id, service, scheduledAt, manual, result, attempt, startedAt, now, exit, null, null);
  }

  /** This running run, asked to stop; it ends as {@code result} when it exits. */
  public CronRun stopping(State result) {
    return new CronRun(
        id, service, scheduledAt, manual, state, attempt, startedAt, null, exitCode, null, result);
  }
}
