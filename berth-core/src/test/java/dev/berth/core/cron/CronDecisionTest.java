package dev.berth.core.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.cron.CronAction.Finish;
import dev.berth.core.cron.CronAction.Record;
import dev.berth.core.cron.CronAction.Start;
import dev.berth.core.cron.CronAction.Stop;
import dev.berth.core.cron.CronRun.State;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.CronSchedule.Concurrency;
import dev.berth.core.model.CronSchedule.History;
import dev.berth.core.model.CronSchedule.MissedRuns;
import dev.berth.core.model.CronSchedule.Retries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link CronDecision}, one case each, with a fixed {@code now}. */
class CronDecisionTest {

  private static final Instant T = Instant.parse("2026-03-01T02:00:00Z");

  static CronSchedule hourly(Concurrency c) {
    return new CronSchedule("0 * * * *", "UTC", c);
  }

  static CronSchedule with(
      Concurrency c, Duration deadline, MissedRuns missed, Duration timeout, int retries) {
    return new CronSchedule(
        "0 * * * *",
        "UTC",
        c,
        deadline,
        missed,
        timeout,
        new Retries(retries, null, null),
        false,
        null);
  }

  static CronPlan decide(Instant now, CronSchedule s, Instant last, CronRun... active) {
    return CronDecision.decide(now, "report", s, last, false, List.of(active));
  }

  static CronRun running(Instant scheduled, Instant started) {
    return CronRun.pending("report", scheduled, false).started(started);
  }

  static List<String> describe(CronPlan plan) {
    return plan.actions().stream().map(CronDecisionTest::describe).toList();
  }

  static String describe(CronAction a) {
    if (a instanceof Record r) {
      return "record " + r.run().state().wireName() + " " + r.run().id();
    } else if (a instanceof Start s) {
      return "start " + s.run().id();
    } else if (a instanceof Stop s) {
      return "stop " + s.run().id() + " " + s.result().wireName();
    }
    Finish f = (Finish) a;
    return "finish " + f.run().id() + " " + f.result().wireName();
  }

  @Test
  void aDueTimeOnTimeStartsOneRunWithItsDeterministicId() {
    CronPlan plan = decide(T.plusMillis(3), hourly(null), T.minusSeconds(3600));

    assertThat(describe(plan))
        .containsExactly("record pending report-20260301t020000z", "start report-20260301t020000z");
    assertThat(plan.lastScheduled()).isEqualTo(T);
    assertThat(plan.wakeAt()).isEqualTo(T.plusSeconds(3600));
  }

  @Test
  void nothingDueWakesAtTheNextScheduledTime() {
    CronPlan plan = decide(T.minusSeconds(10), hourly(null), T.minusSeconds(3600));

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.lastScheduled()).isEqualTo(T.minusSeconds(3600));
    assertThat(plan.wakeAt()).isEqualTo(T);
  }

  @Test
  void afterDowntimeRunLatestRecordsTheOthersMissedAndRunsOnlyTheLatest() {
    CronPlan plan = decide(T.plusSeconds(4 * 3600 + 5), hourly(null), T.minusSeconds(3600));

    assertThat(describe(plan))
        .containsExactly(
            "record missed report-20260301t020000z",
            "record missed report-20260301t030000z",
            "record missed report-20260301t040000z",
            "record missed report-20260301t050000z",
            "record pending report-20260301t060000z",
            "start report-20260301t060000z");
    assertThat(plan.lastScheduled()).isEqualTo(T.plusSeconds(4 * 3600));
  }

  @Test
  void afterDowntimeSkipRunsNothing() {
    CronSchedule s = with(null, null, MissedRuns.SKIP, null, 0);

    assertThat(describe(decide(T.plusSeconds(3600 + 120), s, T.minusSeconds(1))))
        .containsExactly(
            "record missed report-20260301t020000z", "record missed report-20260301t030000z");
    assertThat(describe(decide(T.plusSeconds(30), s, T.minusSeconds(1))))
        .containsExactly("record pending report-20260301t020000z", "start report-20260301t020000z");
  }

  @Test
  void aTimeLaterThanItsStartingDeadlineIsMissed() {
    CronSchedule s = with(null, Duration.ofSeconds(30), null, null, 0);

    assertThat(describe(decide(T.plusSeconds(31), s, T.minusSeconds(1))))
        .containsExactly("record missed report-20260301t020000z");
    assertThat(describe(decide(T.plusSeconds(30), s, T.minusSeconds(1))))
        .containsExactly("record pending report-20260301t020000z", "start report-20260301t020000z");
  }

  @Test
  void forbidSkipsATimeWhileARunIsActive() {
    CronRun old = running(T.minusSeconds(3600), T.minusSeconds(3600));

    assertThat(describe(decide(T, hourly(Concurrency.FORBID), T.minusSeconds(3600), old)))
        .containsExactly("record skipped-overlap report-20260301t020000z");
  }

  @Test
  void allowRunsBoth() {
    CronRun old = running(T.minusSeconds(3600), T.minusSeconds(3600));

    assertThat(describe(decide(T, hourly(Concurrency.ALLOW), T.minusSeconds(3600), old)))
        .containsExactly("record pending report-20260301t020000z", "start report-20260301t020000z");
  }

  @Test
  void replaceStopsTheOldRunThenStartsTheNewOneWhenItHasExited() {
    CronSchedule s = hourly(Concurrency.REPLACE);
    CronRun old = running(T.minusSeconds(3600), T.minusSeconds(3600));

    CronPlan plan = decide(T, s, T.minusSeconds(3600), old);

    assertThat(describe(plan))
        .containsExactly(
            "stop report-20260301t010000z replaced", "record pending report-20260301t020000z");
    CronRun fresh = ((Record) plan.actions().get(1)).run();
    CronRun stopping = old.stopping(State.REPLACED);
    assertThat(describe(decide(T.plusSeconds(1), s, T, stopping, fresh))).isEmpty();
    CronRun ended = CronDecision.exited(stopping, 143, s, T.plusSeconds(2));
    assertThat(ended.state()).isEqualTo(State.REPLACED);
    assertThat(describe(decide(T.plusSeconds(2), s, T, fresh)))
        .containsExactly("start report-20260301t020000z");
  }

  @Test
  void replaceEndsAPendingOrBackingOffRunAtOnce() {
    CronSchedule s = hourly(Concurrency.REPLACE);
    CronRun backingOff =
        running(T.minusSeconds(3600), T.minusSeconds(3600)).backoff(1, T.plusSeconds(60));

    assertThat(describe(decide(T, s, T.minusSeconds(3600), backingOff)))
        .containsExactly(
            "finish report-20260301t010000z replaced",
            "record pending report-20260301t020000z",
            "start report-20260301t020000z");
  }

  @Test
  void aRunPastItsTimeoutIsStoppedOnceAndEndsTimedOut() {
    CronSchedule s = with(null, null, null, Duration.ofMinutes(10), 3);
    CronRun r = running(T, T.plusSeconds(1));

    CronPlan before = decide(T.plusSeconds(600), s, T, r);
    assertThat(before.actions()).isEmpty();
    assertThat(before.wakeAt()).isEqualTo(T.plusSeconds(601));
    assertThat(describe(decide(T.plusSeconds(601), s, T, r)))
        .containsExactly("stop report-20260301t020000z timed-out");
    CronRun stopping = r.stopping(State.TIMED_OUT);
    assertThat(decide(T.plusSeconds(602), s, T, stopping).actions()).isEmpty();
    CronRun ended = CronDecision.exited(stopping, 137, s, T.plusSeconds(612));
    assertThat(ended.state()).isEqualTo(State.TIMED_OUT);
    assertThat(ended.exitCode()).isEqualTo(137);
  }

  @Test
  void aFailedAttemptIsRetriedWithDoublingCappedBackoffThenFails() {
    CronSchedule s = with(null, null, null, null, 8);
    CronRun r = CronRun.pending("report", T, false);
    Instant now = T;
    long[] delays = {10, 20, 40, 80, 160, 320, 360, 360};
    for (long delay : delays) {
      r = r.started(now);
      r = CronDecision.exited(r, 1, s, now);
      assertThat(r.state()).isEqualTo(State.BACKOFF);
      assertThat(r.retryAt()).isEqualTo(now.plusSeconds(delay));
      CronPlan waiting = decide(now.plusSeconds(delay - 1), s, T, r);
      assertThat(waiting.actions()).isEmpty();
      assertThat(waiting.wakeAt()).isEqualTo(now.plusSeconds(delay));
      now = now.plusSeconds(delay);
      assertThat(describe(decide(now, s, T, r))).containsExactly("start " + r.id());
    }
    r = CronDecision.exited(r.started(now), 2, s, now.plusSeconds(1));
    assertThat(r.state()).isEqualTo(State.FAILED);
    assertThat(r.attempt()).isEqualTo(9);
    assertThat(r.exitCode()).isEqualTo(2);
  }

  @Test
  void exitZeroSucceeds() {
    CronRun r = CronDecision.exited(running(T, T), 0, hourly(null), T.plusSeconds(5));

    assertThat(r.state()).isEqualTo(State.SUCCEEDED);
    assertThat(r.endedAt()).isEqualTo(T.plusSeconds(5));
  }

  @Test
  void aPendingRunPastItsDeadlineIsMissedAndOtherwiseStartsWhenAllowed() {
    CronSchedule s = with(null, Duration.ofMinutes(5), null, null, 0);
    CronRun waiting = CronRun.pending("report", T, false);

    CronPlan early = decide(T.plusSeconds(60), s, T, waiting);
    assertThat(describe(early)).containsExactly("start report-20260301t020000z");
    assertThat(describe(decide(T.plusSeconds(301), s, T, waiting)))
        .containsExactly("finish report-20260301t020000z missed");
  }

  @Test
  void suspendedTimesPassWithoutARecordAndAreNotReplayed() {
    CronPlan plan =
        CronDecision.decide(
            T.plusSeconds(7200), "report", hourly(null), T.minusSeconds(1), true, List.of());

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.lastScheduled()).isEqualTo(T.plusSeconds(7200));
    CronPlan resumed = decide(T.plusSeconds(7300), hourly(null), plan.lastScheduled());
    assertThat(resumed.actions()).isEmpty();
    assertThat(resumed.wakeAt()).isEqualTo(T.plusSeconds(3 * 3600));
  }

  @Test
  void theClockGoingBackReplaysNothing() {
    CronPlan plan = decide(T.minusSeconds(5 * 3600), hourly(null), T);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.lastScheduled()).isEqualTo(T);
    assertThat(plan.wakeAt()).isEqualTo(T.plusSeconds(3600));
  }

  @Test
  void aMonthOfDowntimeOfAMinutelyJobIsNoBurstAndQuick() {
    CronSchedule s = new CronSchedule("* * * * *", "UTC", null);

    CronPlan plan = decide(T.plus(Duration.ofDays(30)), s, T);

    List<String> d = describe(plan);
    assertThat(d).hasSize(DueTimes.MAX_LISTED + 2);
    assertThat(d.get(0)).isEqualTo("record missed report-20260301t020100z");
    assertThat(d.subList(DueTimes.MAX_LISTED, d.size()))
        .containsExactly("record pending report-20260331t020000z", "start report-20260331t020000z");
    assertThat(plan.moreMissed()).isTrue();
  }

  @Test
  void historyKeepsTheNewestSuccessfulAndFailedRuns() {
    List<CronRun> runs =
        List.of(
            running(T, T).finished(State.SUCCEEDED, 0, T),
            running(T.plusSeconds(3600), T).finished(State.SUCCEEDED, 0, T),
            running(T.plusSeconds(7200), T).finished(State.FAILED, 1, T),
            CronRun.notRun("report", T.plusSeconds(9000), State.MISSED, T),
            running(T.plusSeconds(10800), T));

    assertThat(CronHistory.prune(runs, new History(1, 1)))
        .containsExactlyInAnyOrder("report-20260301t020000z");
    assertThat(CronHistory.prune(runs, new History(1, 0)))
        .containsExactlyInAnyOrder("report-20260301t020000z", "report-20260301t040000z");
    List<CronRun> missed = new java.util.ArrayList<>();
    for (int i = 0; i < CronHistory.NOT_RUN_KEPT + 3; i++) {
      missed.add(CronRun.notRun("report", T.plusSeconds(60L * i), State.MISSED, T));
    }
    assertThat(CronHistory.prune(missed, new History(0, 0))).hasSize(3);
  }

  @Test
  void runIdsAreDeterministicAndManualOnesNeverCollide() {
    assertThat(RunIds.scheduled("report", T)).isEqualTo("report-20260301t020000z");
    assertThat(RunIds.scheduled("report", T.plusMillis(999)))
        .isEqualTo(RunIds.scheduled("report", T));
    assertThat(RunIds.manual("report", T.plusMillis(5)))
        .isEqualTo("report-manual-20260301t020000005z");
  }
}
