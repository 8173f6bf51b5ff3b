package dev.berth.core.cron;

import dev.berth.core.model.CronSchedule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which finished runs to forget: Kubernetes' successfulJobsHistoryLimit and failedJobsHistoryLimit.
 * The newest {@code successful} succeeded runs and the newest {@code failed} others (failed, timed
 * out, missed, skipped, replaced) are kept; active runs are never pruned. "Newest" is by scheduled
 * time, then id, so the answer does not depend on input order.
 */
public final class CronHistory {
  /** How many records of times that got no run are kept. */
  public static final int NOT_RUN_KEPT = 20;

  private CronHistory() {}

  /** The ids of the runs in {@code runs} to delete. */
  public static List<String> prune(List<CronRun> runs, CronSchedule.History limits) {
    List<CronRun> finished = new ArrayList<>();
    for (CronRun r : runs) {
      if (r.state().finished()) {
        finished.add(r);
      }
    }
    finished.sort(Comparator.comparing(CronRun::scheduledAt).thenComparing(CronRun::id).reversed());
    List<String> out = new ArrayList<>();
    int ok = 0;
    int bad = 0;
    int notRun = 0;
    for (CronRun r : finished) {
      boolean never =
          r.state() == CronRun.State.MISSED || r.state() == CronRun.State.SKIPPED_OVERLAP;
      boolean keep =
          r.state().successful()
              ? ok++ < limits.successful()
              : never ? notRun++ < NOT_RUN_KEPT : bad++ < limits.failed();
      if (!keep) {
        out.add(r.id());
      }
    }
    return out;
  }
}
