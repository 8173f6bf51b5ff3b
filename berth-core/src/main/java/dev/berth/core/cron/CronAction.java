package dev.berth.core.cron;

import dev.berth.core.cron.CronRun.State;

/**
 * One thing the cron controller does for a decision. Carried out in order; {@link Record} rows are
 * inserted in the transaction that records the decision, so a scheduled time is decided once.
 */
public sealed interface CronAction {

  /**
   * Insert this new run: {@link State#PENDING} (a {@link Start} of it follows when it may start
   * now), or a time that gets no run ({@link State#MISSED}, {@link State#SKIPPED_OVERLAP}).
   */
  record Record(CronRun run) implements CronAction {}

  /**
   * Start an attempt of this pending run (or of a run in back-off whose retry is due), if the
   * machine has room; otherwise it stays pending and starts late.
   */
  record Start(CronRun run) implements CronAction {}

  /**
   * Stop this running run (SIGTERM, grace, SIGKILL); when it exits it ends as {@code result}
   * ({@link State#TIMED_OUT} or {@link State#REPLACED}). Emitted once: the run is then {@link
   * CronRun#stopping()}.
   */
  record Stop(CronRun run, State result) implements CronAction {}

  /**
   * End this run, which has no process (pending, or in back-off), as {@code result}: {@link
   * State#MISSED} (its starting deadline passed while it waited for room) or {@link
   * State#REPLACED}.
   */
  record Finish(CronRun run, State result) implements CronAction {}
}
