package dev.berth.core.cron;

import java.time.Instant;
import java.util.List;

/**
 * What {@link CronDecision#decide} decided.
 *
 * @param actions what to do, in order
 * @param lastScheduled the latest scheduled time now handled (run, missed, skipped or passed while
 *     suspended): to persist with the actions, in the same transaction
 * @param wakeAt when to decide again at the latest (the next scheduled time, a timeout, a retry, a
 *     starting deadline), or {@code null} when nothing is ever due (a schedule that never fires and
 *     no run) — an exit or a change of the service also wakes it
 * @param moreMissed {@code true} when more times were missed than {@link DueTimes#MAX_LISTED} and
 *     only the first ones are recorded one by one
 */
public record CronPlan(
    List<CronAction> actions, Instant lastScheduled, Instant wakeAt, boolean moreMissed) {
  public CronPlan {
    actions = List.copyOf(actions);
  }
}
