package dev.berth.core.cron;

import dev.berth.core.cron.CronAction.Finish;
import dev.berth.core.cron.CronAction.Record;
import dev.berth.core.cron.CronAction.Start;
import dev.berth.core.cron.CronAction.Stop;
import dev.berth.core.cron.CronRun.State;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.CronSchedule.Concurrency;
import dev.berth.core.model.CronSchedule.MissedRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a cron service's scheduler does now, as a pure function of {@code now}, the schedule and its
 * settings, the latest scheduled time already handled, and the service's active runs: Kubernetes'
 * CronJob controller, with its rules made explicit and its known faults fixed. The caller records
 * the actions and {@link CronPlan#lastScheduled()} in one transaction, carries them out, and
 * decides again at {@link CronPlan#wakeAt()}, when a run exits, or when the service changes.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li><b>Due times</b> are the scheduled times in {@code (lastScheduled, now]} ({@link
 *       CronSchedules#next}, with its daylight-saving rules). When {@code now} is not after {@code
 *       lastScheduled} (the wall clock went back), nothing is due: a time is never handled twice.
 *   <li><b>Suspended</b> (in the spec or by {@code berth cron suspend}): due times pass without a
 *       record; resuming starts from the next scheduled time, never replaying what passed.
 *   <li><b>Missed, never a burst</b>: every due time but the latest is recorded {@link
 *       State#MISSED} (the first {@link DueTimes#MAX_LISTED} one by one). The latest is missed too
 *       when it is later than {@code startingDeadline}, or when {@code missedRuns: skip} and it is
 *       later than {@link #SKIP_AFTER}; otherwise it gets a run (Kubernetes runs the latest missed
 *       time, and refuses to decide at all after 100 misses; Berth always decides).
 *   <li><b>Concurrency</b>, when the latest due time gets a run while other runs are active: {@code
 *       forbid} records it {@link State#SKIPPED_OVERLAP}; {@code replace} stops the running ones
 *       (ending them {@link State#REPLACED}), ends pending or backing-off ones at once, and records
 *       the new run pending: it starts when they have exited; {@code allow} runs both.
 *   <li><b>Active runs</b>: a running run past its {@code timeout} is stopped once and ends {@link
 *       State#TIMED_OUT}; a run in back-off starts its next attempt at {@code retryAt}; a pending
 *       run past its starting deadline ends {@link State#MISSED}, and otherwise starts when its
 *       concurrency allows (no other run running or backing off, unless {@code allow}).
 *   <li><b>Wake</b> at the earliest of the next scheduled time after {@code lastScheduled}, a
 *       running run's timeout, a retry, a pending run's deadline.
 * </ol>
 *
 * <p>Invariants (property tests): each scheduled time appears in at most one {@link Record}, over
 * any sequence of decisions with {@code now} moving forward or back; a decision adds at most one
 * run that starts; {@code lastScheduled} never decreases; {@code wakeAt} is after {@code now}
 * unless something is due at once; a finished run is never acted on.
 */
public final class CronDecision {

  /**
   * Under {@code missedRuns: skip}, a time decided more than this after it was due counts as missed
   * (the control plane was down or stalled across it) and gets no run.
   */
  public static final Duration SKIP_AFTER = Duration.ofMinutes(1);

  private CronDecision() {}

  /**
   * Decides what to do now.
   *
   * @param now the decision time
   * @param service the service name, for run ids
   * @param schedule the schedule and its settings
   * @param lastScheduled the latest scheduled time already handled (for a new service: when it was
   *     created, so nothing before it is due)
   * @param suspended suspended by {@code berth cron suspend} (the spec's {@code suspend} counts
   *     too)
   * @param active the service's active runs (pending, running, backing off); others are ignored
   */
  public static CronPlan decide(
      Instant now,
      String service,
      CronSchedule schedule,
      Instant lastScheduled,
      boolean suspended,
      List<CronRun> active) {
    List<CronRun> runs = new ArrayList<>();
    for (CronRun r : active) {
      if (r.state().active()) {
        runs.add(r);
      }
    }
    runs.sort(Comparator.comparing(CronRun::scheduledAt).thenComparing(CronRun::id));
    List<CronAction> actions = new ArrayList<>();
    List<Instant> wakes = new ArrayList<>();
    Instant last = lastScheduled;
    boolean moreMissed = false;

    DueTimes due =
        now.isAfter(lastScheduled)
            ? DueTimes.between(schedule, lastScheduled, now)
            : new DueTimes(List.of(), null, false);
    CronRun created = null;
    List<CronRun> replaced = new ArrayList<>();
    if (!due.none()) {
      last = due.latest();
      if (!suspended && !schedule.suspend()) {
        for (Instant t : due.beforeLatest()) {
          actions.add(new Record(CronRun.notRun(service, t, State.MISSED, now)));
        }
        moreMissed = due.more();
        Instant latest = due.latest();
        Duration late = Duration.between(latest, now);
        if (tooLate(schedule, late)) {
          actions.add(new Record(CronRun.notRun(service, latest, State.MISSED, now)));
        } else if (!runs.isEmpty() && schedule.concurrency() == Concurrency.FORBID) {
          actions.add(new Record(CronRun.notRun(service, latest, State.SKIPPED_OVERLAP, now)));
        } else {
          if (schedule.concurrency() == Concurrency.REPLACE) {
            for (CronRun r : runs) {
              replaced.add(r);
              if (r.state() == State.RUNNING) {
                if (r.stopping() == null) {
                  actions.add(new Stop(r, State.REPLACED));
                }
              } else {
                actions.add(new Finish(r, State.REPLACED));
              }
            }
          }
          created = CronRun.pending(service, latest, false);
          actions.add(new Record(created));
        }
      }
    }

    List<CronRun> remaining = new ArrayList<>();
    for (CronRun r : runs) {
      if (!replaced.contains(r)) {
        remaining.add(r);
      }
    }
    for (CronRun r : replaced) {
      if (r.state() == State.RUNNING) {
        remaining.add(r.stopping(State.REPLACED)); // still running until it exits
      }
    }
    if (created != null) {
      remaining.add(created);
    }
    for (CronRun r : remaining) {
      switch (r.state()) {
        case RUNNING -> {
          if (schedule.timeout() != null && r.startedAt() != null && r.stopping() == null) {
            Instant deadline = r.startedAt().plus(schedule.timeout());
            if (!now.isBefore(deadline)) {
              actions.add(new Stop(r, State.TIMED_OUT));
            } else {
              wakes.add(deadline);
            }
          }
        }
        case BACKOFF -> {
          if (!now.isBefore(r.retryAt())) {
            actions.add(new Start(r));
          } else {
            wakes.add(r.retryAt());
          }
        }
        case PENDING -> {
          Instant deadline =
              schedule.startingDeadline() == null
                  ? null
                  : r.scheduledAt().plus(schedule.startingDeadline());
          if (deadline != null && now.isAfter(deadline)) {
            actions.add(new Finish(r, State.MISSED));
          } else if (mayStart(r, remaining, schedule.concurrency())) {
            actions.add(new Start(r));
          } else if (deadline != null) {
            wakes.add(deadline);
          }
        }
        default -> throw new IllegalStateException(r.state().toString());
      }
    }
    CronSchedules.next(schedule, last.isAfter(now) ? last : now).ifPresent(wakes::add);
    Instant wake = wakes.stream().min(Comparator.naturalOrder()).orElse(null);
    return new CronPlan(actions, last, wake, moreMissed);
  }

  private static boolean tooLate(CronSchedule schedule, Duration late) {
    if (schedule.startingDeadline() != null && late.compareTo(schedule.startingDeadline()) > 0) {
      return true;
    }
    return schedule.missedRuns() == MissedRuns.SKIP && late.compareTo(SKIP_AFTER) > 0;
  }

  /** A pending run starts when no other run runs or backs off, unless concurrency is allow. */
  private static boolean mayStart(CronRun r, List<CronRun> runs, Concurrency concurrency) {
    if (concurrency == Concurrency.ALLOW) {
      return true;
    }
    for (CronRun o : runs) {
      if (o == r) {
        continue;
      }
      if (o.state() == State.RUNNING || o.state() == State.BACKOFF) {
        return false;
      }
      if (o.state() == State.PENDING && o.scheduledAt().isBefore(r.scheduledAt())) {
        return false; // the older pending run goes first
      }
    }
    return true;
  }

  /**
   * What becomes of a run whose attempt exited: the result it was stopped for, else succeeded on
   * exit 0, else a retry after the back-off while retries remain (attempt {@code n} is followed by
   * attempt {@code n+1} after {@link CronSchedule.Retries#delayBefore}{@code (n+1)}), else failed.
   * A timed-out or replaced run is never retried, as Kubernetes does not retry a Job past its
   * activeDeadlineSeconds.
   */
  public static CronRun exited(CronRun run, int exitCode, CronSchedule schedule, Instant now) {
    if (run.stopping() != null) {
      return run.finished(run.stopping(), exitCode, now);
    }
    if (exitCode == 0) {
      return run.finished(State.SUCCEEDED, 0, now);
    }
    if (run.attempt() <= schedule.retries().limit()) {
      return run.backoff(exitCode, now.plus(schedule.retries().delayBefore(run.attempt() + 1)));
    }
    return run.finished(State.FAILED, exitCode, now);
  }
}
