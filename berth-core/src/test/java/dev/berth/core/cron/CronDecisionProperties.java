package dev.berth.core.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.cron.CronAction.Finish;
import dev.berth.core.cron.CronAction.Record;
import dev.berth.core.cron.CronAction.Start;
import dev.berth.core.cron.CronAction.Stop;
import dev.berth.core.cron.CronRun.State;
import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.CronSchedule.Concurrency;
import dev.berth.core.model.CronSchedule.MissedRuns;
import dev.berth.core.model.CronSchedule.Retries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The invariants of {@link CronDecision} over whole histories: the clock jumping forward and back,
 * runs exiting with any code, every policy.
 */
class CronDecisionProperties {

  private static final Instant START = Instant.parse("2026-03-27T22:00:00Z");
  private static final List<String> EXPRESSIONS =
      List.of("*/7 * * * *", "0 * * * *", "30 2 * * *", "*/15 9-17 * * 1-5", "0 0 1 * *", "@daily");
  private static final List<String> ZONES =
      List.of("UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe");

  @Provide
  Arbitrary<CronSchedule> schedules() {
    Arbitrary<Duration> deadline =
        Arbitraries.of(0, 30, 600, 7200).map(s -> s == 0 ? null : Duration.ofSeconds(s));
    Arbitrary<Duration> timeout =
        Arbitraries.of(0, 60, 3600).map(s -> s == 0 ? null : Duration.ofSeconds(s));
    return Combinators.combine(
            Arbitraries.of(EXPRESSIONS),
            Arbitraries.of(ZONES),
            Arbitraries.of(Concurrency.class),
            deadline,
            Arbitraries.of(MissedRuns.class),
            timeout,
            Arbitraries.integers().between(0, 3))
        .as(
            (e, z, c, d, m, t, r) ->
                new CronSchedule(e, z, c, d, m, t, new Retries(r, null, null), false, null));
  }

  /** Steps of the wall clock in seconds: mostly forward, sometimes far, sometimes back. */
  @Provide
  Arbitrary<List<Integer>> steps() {
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 1200)),
            net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1200, 3 * 86400)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-86400, -1)))
        .list()
        .ofMinSize(1)
        .ofMaxSize(60);
  }

  @Property(tries = 300)
  void everyScheduledTimeIsHandledAtMostOnceAndNeverBursts(
      @ForAll("schedules") CronSchedule schedule,
      @ForAll("steps") List<Integer> steps,
      @ForAll @Size(min = 60, max = 60) List<@IntRange(min = 0, max = 3) Integer> exits) {
    Set<String> recorded = new HashSet<>();
    Map<String, CronRun> active = new LinkedHashMap<>();
    Instant now = START;
    Instant last = START;
    for (int i = 0; i < steps.size(); i++) {
      now = now.plusSeconds(steps.get(i));
      CronPlan plan =
          CronDecision.decide(now, "job", schedule, last, false, List.copyOf(active.values()));
      assertThat(plan.lastScheduled()).isAfterOrEqualTo(last);
      last = plan.lastScheduled();
      if (plan.wakeAt() != null) {
        assertThat(plan.wakeAt()).isAfterOrEqualTo(now);
      }
      int starts = 0;
      for (CronAction a : plan.actions()) {
        if (a instanceof Record r) {
          assertThat(recorded.add(r.run().id())).as("recorded twice: %s", r.run().id()).isTrue();
          assertThat(r.run().scheduledAt()).isBeforeOrEqualTo(now);
          if (r.run().state().active()) {
            active.put(r.run().id(), r.run());
          }
        } else if (a instanceof Start s) {
          assertThat(active).containsKey(s.run().id());
          active.put(s.run().id(), active.get(s.run().id()).started(now));
          starts++;
        } else if (a instanceof Stop s) {
          assertThat(active.get(s.run().id()).stopping()).isNull();
          active.put(s.run().id(), active.get(s.run().id()).stopping(s.result()));
        } else {
          assertThat(active.remove(((Finish) a).run().id())).isNotNull();
        }
      }
      assertThat(starts).as("starts in one decision").isLessThanOrEqualTo(active.size());
      if (schedule.concurrency() != Concurrency.ALLOW) {
        long running =
            active.values().stream()
                .filter(r -> r.state() == State.RUNNING && r.stopping() == null)
                .count();
        assertThat(running).as("runs at once under " + schedule.concurrency()).isLessThan(2);
      }
      int code = exits.get(i);
      for (CronRun r : new ArrayList<>(active.values())) {
        if (r.state() == State.RUNNING && code < 3) {
          CronRun after = CronDecision.exited(r, code == 0 ? 0 : 1, schedule, now);
          if (after.state().finished()) {
            active.remove(r.id());
          } else {
            active.put(r.id(), after);
          }
        }
      }
    }
  }

  @Property(tries = 100)
  void decidingAtEachWakeRunsEveryScheduledTimeOnTime(
      @ForAll("schedules") CronSchedule schedule, @ForAll @IntRange(min = 0, max = 999) int lag) {
    Instant now = START;
    Instant last = START;
    Instant end = START.plus(Duration.ofDays(3));
    List<Instant> started = new ArrayList<>();
    while (true) {
      CronPlan plan = CronDecision.decide(now, "job", schedule, last, false, List.of());
      for (CronAction a : plan.actions()) {
        assertThat(a).isNotInstanceOf(Stop.class).isNotInstanceOf(Finish.class);
        if (a instanceof Record r) {
          assertThat(r.run().state()).isEqualTo(State.PENDING);
        }
        if (a instanceof Start s) {
          started.add(s.run().scheduledAt());
        }
      }
      last = plan.lastScheduled();
      if (plan.wakeAt() == null || plan.wakeAt().isAfter(end)) {
        break;
      }
      now = plan.wakeAt().plusMillis(lag); // runs end at once: nothing overlaps
    }
    List<Instant> expected = new ArrayList<>();
    for (Instant t = CronSchedules.nextRun(schedule, START);
        !t.isAfter(end);
        t = CronSchedules.nextRun(schedule, t)) {
      expected.add(t);
    }
    assertThat(started).isEqualTo(expected);
  }

  @Property(tries = 200)
  void aFixedTimeJobRunsExactlyOncePerLocalDayAcrossDaylightSaving(
      @ForAll @IntRange(min = 0, max = 59) int minute,
      @ForAll @IntRange(min = 0, max = 23) int hour,
      @ForAll("dstZones") String zone) {
    CronSchedule s = new CronSchedule(minute + " " + hour + " * * *", zone, null);
    ZoneId z = ZoneId.of(zone);
    Instant from = Instant.parse("2025-01-01T12:00:00Z");
    Instant to = Instant.parse("2027-01-01T12:00:00Z");
    Set<LocalDate> days = new HashSet<>();
    int runs = 0;
    for (Instant t = CronSchedules.nextRun(s, from);
        t.isBefore(to);
        t = CronSchedules.nextRun(s, t)) {
      assertThat(days.add(t.atZone(z).toLocalDate())).as("second run on %s", t).isTrue();
      runs++;
    }
    long expected =
        java.time.temporal.ChronoUnit.DAYS.between(
            from.atZone(z).toLocalDate(), to.atZone(z).toLocalDate());
    assertThat(runs).isBetween((int) expected - 1, (int) expected + 1);
  }

  @Provide
  Arbitrary<String> dstZones() {
    return Arbitraries.of(
        "Europe/Paris",
        "America/New_York",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Asia/Tehran");
  }
}
