package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.cron.CronRun;
import dev.berth.core.cron.CronRun.State;
import dev.berth.engine.cron.CronController;
import dev.berth.engine.cron.CronEvents;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.RestartPolicy;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cron controller over fakes and a manual clock: runs on time, exits, overlap, timeout,
 * retries, capacity, history, downtime, clock jumps and two control planes on one store.
 */
class CronControllerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ServiceKey REPORT = new ServiceKey("shop", "production", "report");

  @TempDir Path app;
  MutableClock clock;
  InMemoryStore store;
  FakeRuntime runtime;
  EngineHarness h;

  @BeforeEach
  void setUp() {
    clock = MutableClock.atEpoch2026();
    store = new InMemoryStore();
    runtime = new FakeRuntime(clock);
    h = new EngineHarness(clock, store, runtime);
  }

  static String spec(String extra) {
    return "project: shop\nservices:\n  report:\n    schedule: \"*/5 * * * *\"\n"
        + "    command: ./report\n"
        + extra;
  }

  List<CronRun> runs() {
    return store.read((StoreTx tx) -> tx.cron().list(REPORT));
  }

  CronRun run(String id) {
    return store.read((StoreTx tx) -> tx.cron().get(REPORT, id)).orElseThrow();
  }

  List<String> cronEvents() {
    return h.published.stream().map(Event::type).filter(CronEvents::isCron).toList();
  }

  static String at(String hhmm) {
    return "report-20260101t" + hhmm.replace(":", "") + "00z";
  }

  @Test
  void aRunStartsOnItsScheduledTimeWithItsEnvironmentAndSucceeds() {
    h.apply(spec(""), app, "production");
    assertThat(runs()).isEmpty();

    h.advance(Duration.ofMinutes(5));

    String replica = at("00:05") + "-1";
    assertThat(runtime.ids(ReplicaState.STARTING)).containsExactly(replica);
    ReplicaSpec s = runtime.spec(replica);
    assertThat(s.restart()).isEqualTo(RestartPolicy.NEVER);
    assertThat(s.env())
        .containsEntry("BERTH_RUN", at("00:05"))
        .containsEntry("BERTH_SCHEDULED_AT", "2026-01-01T00:05:00Z");
    assertThat(s.workingDir()).isEqualTo(app);
    CronRun r = run(at("00:05"));
    assertThat(r.state()).isEqualTo(State.RUNNING);
    assertThat(r.startedAt()).isEqualTo(T0.plusSeconds(300));

    clock.advance(Duration.ofSeconds(42));
    runtime.exit(replica, 0);
    h.runUntilIdle();

    r = run(at("00:05"));
    assertThat(r.state()).isEqualTo(State.SUCCEEDED);
    assertThat(r.exitCode()).isZero();
    assertThat(r.endedAt()).isEqualTo(T0.plusSeconds(342));
    assertThat(cronEvents()).containsExactly(CronEvents.STARTED, CronEvents.SUCCEEDED);

    var shown = h.status("shop", "production").services().get(0); // berth status
    assertThat(shown.lastRun().result()).isEqualTo("succeeded");
    assertThat(shown.lastRun().startedAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(shown.lastRun().durationMs()).isEqualTo(42_000L);
    assertThat(shown.nextRun()).isEqualTo(T0.plusSeconds(600));
  }

  @Test
  void forbidSkipsATimeWhileTheRunStillRunsAndAFailureIsReported() {
    h.apply(spec(""), app, "production");
    h.advance(Duration.ofMinutes(5));
    h.advance(Duration.ofMinutes(5));

    assertThat(run(at("00:10")).state()).isEqualTo(State.SKIPPED_OVERLAP);
    runtime.exit(at("00:05") + "-1", 2);
    h.runUntilIdle();
    assertThat(run(at("00:05")).state()).isEqualTo(State.FAILED);
    h.advance(Duration.ofMinutes(5));
    assertThat(run(at("00:15")).state()).isEqualTo(State.RUNNING);
    assertThat(cronEvents())
        .containsExactly(
            CronEvents.STARTED, CronEvents.SKIPPED_OVERLAP, CronEvents.FAILED, CronEvents.STARTED);
  }

  @Test
  void aRunPastItsTimeoutIsStoppedAndTimedOut() {
    h.apply(spec("    timeout: 2m\n"), app, "production");
    h.advance(Duration.ofMinutes(5));
    String replica = at("00:05") + "-1";

    h.advance(Duration.ofSeconds(119));
    assertThat(runtime.calls()).doesNotContain("stop " + replica);
    h.advance(Duration.ofSeconds(1));
    assertThat(runtime.calls()).contains("stop " + replica);
    h.finishStops();

    CronRun r = run(at("00:05"));
    assertThat(r.state()).isEqualTo(State.TIMED_OUT);
    assertThat(r.exitCode()).isEqualTo(143);
    assertThat(cronEvents()).containsExactly(CronEvents.STARTED, CronEvents.TIMED_OUT);
  }

  @Test
  void aFailedRunIsRetriedAfterItsBackoffAsANewAttempt() {
    h.apply(spec("    retries: {limit: 2, backoff: 10s}\n"), app, "production");
    h.advance(Duration.ofMinutes(5));
    runtime.exit(at("00:05") + "-1", 1);
    h.runUntilIdle();
    assertThat(run(at("00:05")).state()).isEqualTo(State.BACKOFF);

    h.advance(Duration.ofSeconds(9));
    assertThat(runtime.ids(ReplicaState.STARTING)).isEmpty();
    h.advance(Duration.ofSeconds(1));
    assertThat(runtime.ids(ReplicaState.STARTING)).containsExactly(at("00:05") + "-2");
    runtime.exit(at("00:05") + "-2", 0);
    h.runUntilIdle();

    CronRun r = run(at("00:05"));
    assertThat(r.state()).isEqualTo(State.SUCCEEDED);
    assertThat(r.attempt()).isEqualTo(2);
    assertThat(cronEvents())
        .containsExactly(
            CronEvents.STARTED, CronEvents.RETRYING, CronEvents.STARTED, CronEvents.SUCCEEDED);
  }

  @Test
  void historyKeepsTheLastSuccessfulAndFailedRuns() {
    h.apply(spec("    history: {successful: 2, failed: 1}\n"), app, "production");
    for (int i = 0; i < 5; i++) {
      h.advance(Duration.ofMinutes(5));
      String replica = runtime.ids(ReplicaState.STARTING).get(0);
      runtime.exit(replica, i == 1 || i == 2 ? 1 : 0);
      h.runUntilIdle();
    }

    assertThat(runs())
        .extracting(CronRun::id, CronRun::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(at("00:25"), State.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(at("00:20"), State.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(at("00:15"), State.FAILED));
  }

  @Test
  void aRunThatDoesNotFitWaitsAndIsMissedPastItsDeadline() {
    runtime.withNode(new NodeCapacity("local", 1000, 1L << 30, 900, 1L << 30));
    h.apply(spec("    resources: {cpu: 1500m}\n    startingDeadline: 1m\n"), app, "production");
    h.advance(Duration.ofMinutes(5));

    assertThat(run(at("00:05")).state()).isEqualTo(State.PENDING);
    assertThat(runtime.ids()).isEmpty();
    h.advance(Duration.ofSeconds(55));
    assertThat(run(at("00:05")).state()).isEqualTo(State.PENDING);
    h.advance(Duration.ofSeconds(10));
    assertThat(run(at("00:05")).state()).isEqualTo(State.MISSED);
    assertThat(cronEvents()).containsExactly(CronEvents.WAITING, CronEvents.MISSED);
  }

  @Test
  void aRunThatWaitedForRoomStartsLateWhenRoomComes() {
    runtime.withNode(new NodeCapacity("local", 1000, 1L << 30, 900, 1L << 30));
    h.apply(spec("    resources: {cpu: 500m}\n    concurrency: allow\n"), app, "production");
    h.advance(Duration.ofMinutes(5));
    h.advance(Duration.ofMinutes(5)); // the second run does not fit beside the first
    assertThat(run(at("00:10")).state()).isEqualTo(State.PENDING);

    runtime.exit(at("00:05") + "-1", 0);
    h.advance(Duration.ofSeconds(5));

    CronRun late = run(at("00:10"));
    assertThat(late.state()).isEqualTo(State.RUNNING);
    assertThat(late.startedAt()).isEqualTo(T0.plusSeconds(605));
  }

  @Test
  void controlPlaneDownAcrossSeveralTimesRunsOnlyTheLatest() {
    h.apply(spec(""), app, "production");
    h.advance(Duration.ofMinutes(5));
    runtime.exit(at("00:05") + "-1", 0);
    h.runUntilIdle();

    // the control plane stops at 00:06 and comes back at 01:02 (a new harness, same store):
    // 00:10 to 00:55 are missed, 01:00 runs
    clock.advance(Duration.ofMinutes(56));
    FakeRuntime fresh = new FakeRuntime(clock);
    EngineHarness again = new EngineHarness(clock, store, fresh).recover();
    again.runUntilIdle();

    List<CronRun> all = runs();
    assertThat(all).extracting(CronRun::state).filteredOn(s -> s == State.MISSED).hasSize(10);
    assertThat(all).extracting(CronRun::state).filteredOn(s -> s == State.SUCCEEDED).hasSize(1);
    assertThat(run(at("01:00")).state()).isEqualTo(State.RUNNING);
    assertThat(fresh.ids(ReplicaState.STARTING)).containsExactly(at("01:00") + "-1");
    assertThat(again.published.stream().map(Event::type).filter(CronEvents::isCron))
        .containsOnly(CronEvents.MISSED, CronEvents.STARTED)
        .filteredOn(t -> t.equals(CronEvents.STARTED))
        .hasSize(1);
  }

  @Test
  void withMissedRunsSkipNothingRunsAfterDowntime() {
    h.apply(spec("    missedRuns: skip\n    history: {failed: 20}\n"), app, "production");
    clock.advance(Duration.ofMinutes(32));
    EngineHarness again = new EngineHarness(clock, store, new FakeRuntime(clock)).recover();
    again.runUntilIdle();

    assertThat(runs()).hasSize(6).allMatch(r -> r.state() == State.MISSED);
    again.advance(Duration.ofMinutes(3));
    assertThat(run(at("00:35")).state()).isEqualTo(State.RUNNING);
  }

  @Test
  void theClockJumpingBackReplaysNothingAndForwardRunsTheLatestOnce() {
    h.apply(
        spec("    concurrency: allow\n    history: {successful: 100, failed: 100}\n"),
        app,
        "production");
    h.advance(Duration.ofMinutes(10)); // 00:05 and 00:10 handled (00:05 missed: decided at 00:10)
    clock.set(T0.plusSeconds(60)); // back to 00:01
    h.runUntilIdle();
    h.advance(Duration.ofMinutes(10)); // 00:11: 00:05 and 00:10 again on the wall clock
    Set<String> ids = new HashSet<>();
    runs().forEach(r -> assertThat(ids.add(r.id())).isTrue());
    assertThat(runs()).hasSize(2);

    clock.set(T0.plus(Duration.ofHours(3)).plusSeconds(30)); // forward to 03:00:30
    h.cronQueue.add(REPORT);
    h.runUntilIdle();
    assertThat(run("report-20260101t030000z").state()).isEqualTo(State.RUNNING);
    assertThat(runs()).filteredOn(r -> r.state().active()).hasSize(2);
    assertThat(h.published.stream().map(Event::type).filter(CronEvents.MISSED::equals))
        .hasSize(1 + 33); // 00:05, then 00:15 to 02:55
  }

  @Test
  void twoControlPlanesOnOneStoreStartEachTimeOnce() {
    FakeRuntime other = new FakeRuntime(clock);
    EngineHarness second = new EngineHarness(clock, store, other);
    h.apply(spec(""), app, "production");
    second.recover();
    second.runUntilIdle();

    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofMinutes(5));
      if (i % 2 == 0) {
        second.runUntilIdle();
        h.runUntilIdle();
      } else {
        h.runUntilIdle();
        second.runUntilIdle();
      }
      for (FakeRuntime rt : List.of(runtime, other)) {
        for (String id : rt.ids(ReplicaState.STARTING)) {
          rt.exit(id, 0);
        }
      }
      h.runUntilIdle();
      second.runUntilIdle();
    }

    long ensured =
        java.util.stream.Stream.concat(runtime.calls().stream(), other.calls().stream())
            .filter(c -> c.startsWith("ensure "))
            .count();
    assertThat(ensured).isEqualTo(6);
    assertThat(runs()).hasSize(3).allMatch(r -> r.state() == State.SUCCEEDED);
  }

  @Test
  void aSuspendedServiceRunsNothing() {
    h.apply(spec("    suspend: true\n"), app, "production");
    h.advance(Duration.ofHours(1));

    assertThat(runs()).isEmpty();
    assertThat(runtime.ids()).isEmpty();
  }

  @Test
  void aTriggeredRunStartsAtOnceAndForbidRefusesASecondWhileItRuns() {
    h.apply(spec(""), app, "production");
    clock.advance(Duration.ofSeconds(90));

    var run = h.cronCommands.trigger(REPORT, EngineHarness.ACTOR);
    h.runUntilIdle();

    assertThat(run.id()).isEqualTo("report-manual-20260101t000130000z");
    assertThat(runtime.ids(ReplicaState.STARTING)).containsExactly(run.id() + "-1");
    assertThatThrownBy(() -> h.cronCommands.trigger(REPORT, EngineHarness.ACTOR))
        .isInstanceOf(dev.berth.engine.app.AppException.class)
        .hasMessageContaining("is still running and concurrency is forbid");
    assertThat(h.cronCommands.list(REPORT.environmentKey()))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.nextRun()).isEqualTo(T0.plusSeconds(300));
              assertThat(v.lastRun().id()).isEqualTo(run.id());
              assertThat(v.lastRun().result()).isEqualTo("running");
            });
  }

  @Test
  void aTriggerUnderReplaceStopsTheRunningOneFirst() {
    h.apply(spec("    concurrency: replace\n"), app, "production");
    h.advance(Duration.ofMinutes(5));
    String old = at("00:05") + "-1";

    var run = h.cronCommands.trigger(REPORT, EngineHarness.ACTOR);
    h.runUntilIdle();
    assertThat(runtime.calls()).contains("stop " + old);
    assertThat(runtime.ids(ReplicaState.STARTING)).isEmpty();
    h.finishStops();

    assertThat(run(at("00:05")).state()).isEqualTo(State.REPLACED);
    assertThat(runtime.ids(ReplicaState.STARTING)).containsExactly(run.id() + "-1");
  }

  @Test
  void suspendStopsSchedulingAndResumeDoesNotReplay() {
    h.apply(spec(""), app, "production");
    h.cronCommands.suspend(REPORT, EngineHarness.ACTOR, true);
    h.advance(Duration.ofMinutes(30));
    assertThat(runs()).isEmpty();
    assertThat(h.cronCommands.list(REPORT.environmentKey()).get(0).suspended()).isTrue();

    h.cronCommands.suspend(REPORT, EngineHarness.ACTOR, false);
    h.runUntilIdle();
    assertThat(runs()).isEmpty();
    h.advance(Duration.ofMinutes(5));
    assertThat(runs()).extracting(CronRun::id).containsExactly(at("00:35"));
  }

  @Test
  void aRunIsDecidedAheadAndOnlyItsProcessStartsAtItsTime() {
    h.apply(spec(""), app, "production");
    h.advance(Duration.ofMinutes(5).minus(CronController.LEAD)); // LEAD before 00:05

    CronRun claimed = run(at("00:05"));
    assertThat(claimed.state()).isEqualTo(State.RUNNING);
    assertThat(claimed.startedAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(runtime.calls()).isEmpty();
    assertThat(runtime.prepared()).containsExactly(at("00:05") + "-1"); // its set-up, ahead
    assertThat(cronEvents()).isEmpty();

    h.advance(CronController.LEAD.minusMillis(1));
    assertThat(runtime.calls()).isEmpty();
    h.advance(Duration.ofMillis(1));
    assertThat(runtime.calls()).containsExactly("ensure " + at("00:05") + "-1");
    assertThat(cronEvents()).containsExactly(CronEvents.STARTED);
  }

  @Test
  void aRunDecidedAheadByAControlPlaneThatStoppedIsRecordedLost() {
    h.apply(spec(""), app, "production");
    h.advance(Duration.ofMinutes(5).minusSeconds(5)); // decided ahead; the control plane stops
    clock.advance(Duration.ofSeconds(35));
    FakeRuntime fresh = new FakeRuntime(clock);
    EngineHarness again = new EngineHarness(clock, store, fresh).recover();
    again.runUntilIdle();

    CronRun lost = run(at("00:05"));
    assertThat(lost.state()).isEqualTo(State.FAILED);
    assertThat(lost.exitCode()).isEqualTo(-1);
    again.advance(Duration.ofMinutes(5));
    assertThat(fresh.ids(ReplicaState.STARTING)).containsExactly(at("00:10") + "-1");
  }

  @Test
  void manyServicesDueTogetherArePreparedAheadAndAllStartAtTheirInstant() {
    int n = 50;
    StringBuilder y = new StringBuilder("project: shop\nservices:\n");
    for (int i = 0; i < n; i++) {
      y.append("  c")
          .append(i)
          .append(
              ":\n    schedule: \"*/5 * * * *\"\n    command: ./c\n    resources: {cpu: 1m, memory: 4Mi}\n");
    }
    h.apply(y.toString(), app, "production");
    h.advance(Duration.ofMinutes(5).minus(CronController.LEAD));
    assertThat(runtime.prepared()).hasSize(n);
    assertThat(runtime.calls()).isEmpty();

    h.advance(CronController.LEAD.minusMillis(1));
    assertThat(runtime.calls()).isEmpty();
    h.advance(Duration.ofMillis(1)); // 00:05:00.000 exactly: no clock moves while they start
    assertThat(runtime.calls()).hasSize(n).allMatch(c -> c.startsWith("ensure c"));
    assertThat(runtime.prepared())
        .containsExactlyInAnyOrderElementsOf(
            runtime.calls().stream().map(c -> c.substring("ensure ".length())).toList());
  }

  @Test
  void resumeWithReplayLatestRunsOnlyTheLatestSkippedTimeOnce() {
    h.apply(spec(""), app, "production");
    h.cronCommands.suspend(REPORT, EngineHarness.ACTOR, true);
    h.advance(Duration.ofMinutes(31)); // 00:05 ... 00:30 skipped; now 00:31

    h.cronCommands.resume(REPORT, EngineHarness.ACTOR, true);
    h.runUntilIdle();
    assertThat(runs()).extracting(CronRun::id).containsExactly(at("00:30"));
    assertThat(run(at("00:30")).state()).isEqualTo(State.RUNNING);

    h.cronCommands.resume(REPORT, EngineHarness.ACTOR, true); // asked again: nothing new
    h.runUntilIdle();
    assertThat(runs()).extracting(CronRun::id).containsExactly(at("00:30"));
  }

  @Test
  void resumeWithReplayLatestAndNothingSkippedStartsFromTheNextTime() {
    h.apply(spec(""), app, "production");
    h.advance(Duration.ofMinutes(6)); // 00:05 ran
    h.cronCommands.suspend(REPORT, EngineHarness.ACTOR, true);
    h.advance(Duration.ofMinutes(2)); // 00:08: no scheduled time passed while suspended
    h.cronCommands.resume(REPORT, EngineHarness.ACTOR, true);
    h.runUntilIdle();
    assertThat(runs()).extracting(CronRun::id).containsExactly(at("00:05"));
  }
}
