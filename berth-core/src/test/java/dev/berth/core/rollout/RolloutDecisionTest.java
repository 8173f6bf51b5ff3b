package dev.berth.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.DeploySpec.Strategy;
import dev.berth.core.rollout.RolloutStatus.Phase;
import dev.berth.core.rollout.RolloutStatus.Reason;
import dev.berth.core.rollout.RolloutStatus.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutDecisionTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final DeploySpec DEFAULT = DeploySpec.DEFAULT;

  /** A ready, available replica created {@code age} seconds ago. */
  static RolloutReplica ready(String id, String hash, int age) {
    return new RolloutReplica(
        id, hash, true, true, NOW.minusSeconds(age), false, NOW.minusSeconds(age), false);
  }

  static RolloutReplica notReady(String id, String hash, int age) {
    return new RolloutReplica(id, hash, true, false, null, false, NOW.minusSeconds(age), false);
  }

  static RolloutReplica pending(String id, String hash) {
    return new RolloutReplica(id, hash, false, false, null, false, NOW, false);
  }

  static DeploySpec rolling(CountOrPercent surge, CountOrPercent unavailable) {
    return new DeploySpec(
        Strategy.ROLLING,
        surge,
        unavailable,
        Duration.ZERO,
        Duration.ofMinutes(10),
        true,
        Duration.ofMinutes(2),
        null,
        null);
  }

  static RolloutPlan decide(DeploySpec spec, int desired, List<RolloutReplica> rs) {
    return RolloutDecision.decide(NOW, spec, desired, "new", rs, null);
  }

  @Test
  void scalingWithoutATemplateChangeIsNoRollout() {
    RolloutPlan up = decide(DEFAULT, 3, List.of(ready("a", "new", 60)));
    assertThat(up.create()).isEqualTo(2);
    assertThat(up.status().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(up.next()).isNull();

    RolloutPlan down =
        decide(
            DEFAULT,
            1,
            List.of(ready("old", "new", 100), ready("young", "new", 5), pending("p", "new")));
    assertThat(down.stop()).containsExactly("p", "young");
    assertThat(down.status().phase()).isEqualTo(Phase.COMPLETE);
  }

  @Test
  void defaultsSurgeOneForASmallServiceAndKeepTheOldOneUntilTheNewIsAvailable() {
    // 25% of 1: surge rounds up to 1, unavailable rounds down to 0
    RolloutPlan first = decide(DEFAULT, 1, List.of(ready("o1", "old", 60)));
    assertThat(first.create()).isEqualTo(1);
    assertThat(first.stop()).isEmpty();
    assertThat(first.status().phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(first.status().waitingFor()).containsExactly(Waiting.READINESS);
    assertThat(first.next()).isEqualTo(new RolloutState(NOW, NOW, 0));

    RolloutPlan waiting =
        RolloutDecision.decide(
            NOW,
            DEFAULT,
            1,
            "new",
            List.of(ready("o1", "old", 60), notReady("n1", "new", 1)),
            first.next());
    assertThat(waiting.idle()).isTrue();
    assertThat(waiting.status().available()).isEqualTo(1);

    RolloutPlan swap =
        RolloutDecision.decide(
            NOW,
            DEFAULT,
            1,
            "new",
            List.of(ready("o1", "old", 60), ready("n1", "new", 1)),
            first.next());
    assertThat(swap.stop()).containsExactly("o1");
    assertThat(swap.create()).isZero();
    assertThat(swap.status().waitingFor()).containsExactly(Waiting.OLD_STOPPING);

    RolloutPlan done =
        RolloutDecision.decide(NOW, DEFAULT, 1, "new", List.of(ready("n1", "new", 1)), swap.next());
    assertThat(done.status().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(done.next()).isNull();
  }

  @Test
  void surgeBoundsTheTotalAndTheFloorBoundsStops() {
    // desired 4, surge 1, unavailable 1: floor 3, at most 5 replicas
    DeploySpec spec = rolling(CountOrPercent.count(1), CountOrPercent.count(1));
    List<RolloutReplica> rs =
        List.of(
            ready("o1", "old", 9),
            ready("o2", "old", 8),
            ready("o3", "old", 7),
            ready("o4", "old", 6));
    RolloutPlan p = decide(spec, 4, rs);
    assertThat(p.stop()).containsExactly("o4"); // newest old first; 3 stay available
    assertThat(p.create()).isEqualTo(2); // 3 + 2 = 5 = desired + surge
    assertThat(p.status().updated()).isEqualTo(2);
    assertThat(p.status().oldRemaining()).isEqualTo(3);
    assertThat(p.status().available()).isEqualTo(3);
  }

  @Test
  void pendingOldReplicasGoAtOnceNotReadyOnesWithinTheCleanupLimit() {
    DeploySpec spec = rolling(CountOrPercent.count(1), CountOrPercent.count(0));
    List<RolloutReplica> rs =
        List.of(
            ready("o1", "old", 9),
            notReady("o2", "old", 8),
            pending("o3", "old"),
            ready("n1", "new", 1));
    // the pending one goes at once; then floor 3 (unavailable 0), 3 left, one new available:
    // 3 - 3 - 0 = 0 more may go, so the not-ready o2 stays (its readiness may only be unknown,
    // after a restart); o1, o2, n1 and one new replica make desired 3 + surge 1
    RolloutPlan p = decide(spec, 3, rs);
    assertThat(p.stop()).containsExactly("o3");
    assertThat(p.create()).isEqualTo(1);
  }

  @Test
  void minReadyDelaysAvailabilityAndSaysSo() {
    DeploySpec spec =
        new DeploySpec(
            Strategy.ROLLING,
            CountOrPercent.count(1),
            CountOrPercent.count(0),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            true,
            Duration.ZERO,
            null,
            null);
    RolloutReplica fresh =
        new RolloutReplica(
            "n1", "new", true, true, NOW.minusSeconds(10), false, NOW.minusSeconds(20), false);
    RolloutPlan p = decide(spec, 1, List.of(ready("o1", "old", 600), fresh));
    assertThat(p.stop()).isEmpty();
    assertThat(p.status().waitingFor()).containsExactly(Waiting.MIN_READY);
    assertThat(p.recheckAt()).isEqualTo(NOW.plusSeconds(20));

    RolloutPlan later =
        RolloutDecision.decide(
            NOW.plusSeconds(20), spec, 1, "new", List.of(ready("o1", "old", 600), fresh), p.next());
    assertThat(later.stop()).containsExactly("o1");
  }

  @Test
  void aNewReplicaWaitingForRoomSaysSo() {
    RolloutPlan p = decide(DEFAULT, 1, List.of(ready("o1", "old", 60), pending("n1", "new")));
    assertThat(p.status().waitingFor()).containsExactly(Waiting.ROOM);
    assertThat(p.stop()).isEmpty();
  }

  @Test
  void recreateStopsEverythingOldThenWaitsUntilItIsGone() {
    DeploySpec spec =
        new DeploySpec(Strategy.RECREATE, null, null, null, null, true, null, null, null);
    RolloutPlan p = decide(spec, 2, List.of(ready("o1", "old", 9), ready("o2", "old", 8)));
    assertThat(p.stop()).containsExactly("o2", "o1");
    assertThat(p.create()).isZero();
    assertThat(p.status().waitingFor()).containsExactly(Waiting.OLD_STOPPING);

    RolloutReplica stopping =
        new RolloutReplica("o1", "old", true, false, null, true, NOW.minusSeconds(9), false);
    RolloutPlan still = RolloutDecision.decide(NOW, spec, 2, "new", List.of(stopping), p.next());
    assertThat(still.idle()).isTrue();
    assertThat(still.status().waitingFor()).containsExactly(Waiting.OLD_STOPPING);

    RolloutPlan gone = RolloutDecision.decide(NOW, spec, 2, "new", List.of(), p.next());
    assertThat(gone.create()).isEqualTo(2);
  }

  @Test
  void desiredZeroStopsEverything() {
    RolloutPlan p = decide(DEFAULT, 0, List.of(ready("o1", "old", 9), notReady("n1", "new", 1)));
    assertThat(p.stop()).containsExactlyInAnyOrder("o1", "n1");
    assertThat(p.status().phase()).isEqualTo(Phase.COMPLETE);
  }

  @Test
  void aCrashLoopingNewReplicaFailsTheRolloutNamingIt() {
    RolloutReplica looping =
        new RolloutReplica("n1", "new", true, false, null, false, NOW.minusSeconds(30), true);
    RolloutPlan p = decide(DEFAULT, 1, List.of(ready("o1", "old", 60), looping));
    assertThat(p.status().phase()).isEqualTo(Phase.FAILED);
    assertThat(p.status().failure().reason()).isEqualTo(Reason.CRASH_LOOP);
    assertThat(p.status().failure().replicaId()).isEqualTo("n1");
    assertThat(p.status().failure().message()).contains("n1").contains("crash-loops");
    assertThat(p.idle()).isTrue();
  }

  @Test
  void noProgressForTheDeadlineFails() {
    RolloutState started = new RolloutState(NOW.minusSeconds(700), NOW.minusSeconds(600), 0);
    List<RolloutReplica> rs = List.of(ready("o1", "old", 900), notReady("n1", "new", 650));

    RolloutPlan justBefore =
        RolloutDecision.decide(NOW.minusMillis(1), DEFAULT, 1, "new", rs, started);
    assertThat(justBefore.status().phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(justBefore.recheckAt()).isEqualTo(NOW);

    RolloutPlan p = RolloutDecision.decide(NOW, DEFAULT, 1, "new", rs, started);
    assertThat(p.status().phase()).isEqualTo(Phase.FAILED);
    assertThat(p.status().failure().reason()).isEqualTo(Reason.PROGRESS_DEADLINE);
    assertThat(p.status().failure().replicaId()).isEqualTo("n1");
    assertThat(p.status().failure().message())
        .isEqualTo(
            "no new replica became available for 10m: 0 of 1 available, waiting for a new"
                + " replica to become ready");
    assertThat(p.idle()).isTrue();
    assertThat(p.next()).isEqualTo(started);
  }

  @Test
  void aReplicaBecomingAvailableIsProgress() {
    RolloutState started = new RolloutState(NOW.minusSeconds(700), NOW.minusSeconds(599), 0);
    DeploySpec spec = rolling(CountOrPercent.count(1), CountOrPercent.count(0));
    List<RolloutReplica> rs =
        List.of(ready("o1", "old", 900), ready("o2", "old", 900), ready("n1", "new", 1));
    RolloutPlan p = RolloutDecision.decide(NOW, spec, 2, "new", rs, started);
    assertThat(p.next().lastProgressAt()).isEqualTo(NOW);
    assertThat(p.next().updatedAvailable()).isEqualTo(1);
  }

  @Test
  void aRollbackCreatesAllRestoredReplicasAtOnceAndStopsBadOnesOnlyAsTheyAreReplaced() {
    DeploySpec back = DEFAULT.rollbackSettings();
    List<RolloutReplica> bad =
        List.of(ready("b1", "bad", 30), ready("b2", "bad", 30), ready("b3", "bad", 30));
    RolloutPlan first = RolloutDecision.decide(NOW, back, 3, "good", bad, null);
    assertThat(first.create()).isEqualTo(3);
    assertThat(first.stop()).isEmpty();

    List<RolloutReplica> oneBack =
        List.of(
            ready("b1", "bad", 30),
            ready("b2", "bad", 30),
            ready("b3", "bad", 30),
            ready("g1", "good", 1),
            notReady("g2", "good", 1),
            notReady("g3", "good", 1));
    RolloutPlan second = RolloutDecision.decide(NOW, back, 3, "good", oneBack, first.next());
    assertThat(second.stop()).hasSize(1);
    assertThat(second.status().available()).isEqualTo(3);
  }

  @Test
  void aRollbackStopsBadReplicasThatServeNobodyAtOnce() {
    DeploySpec back = DEFAULT.rollbackSettings();
    RolloutReplica looping =
        new RolloutReplica("b1", "bad", true, false, null, false, NOW.minusSeconds(30), true);
    List<RolloutReplica> rs = List.of(looping, ready("g1", "good", 300), ready("g2", "good", 300));
    RolloutPlan p = RolloutDecision.decide(NOW, back, 2, "good", rs, null);
    assertThat(p.stop()).containsExactly("b1");
    assertThat(p.create()).isZero();
  }

  @Test
  void rollbackSettingsAreFastAndSafe() {
    DeploySpec back =
        new DeploySpec(
                Strategy.RECREATE,
                null,
                null,
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                true,
                null,
                null,
                null)
            .rollbackSettings();
    assertThat(back.strategy()).isEqualTo(Strategy.ROLLING);
    assertThat(back.maxSurge()).isEqualTo(CountOrPercent.percentOf(100));
    assertThat(back.maxUnavailable()).isEqualTo(CountOrPercent.count(0));
    assertThat(back.minReady()).isZero();
    assertThat(back.progressDeadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(back.autoRollback()).isFalse();
    assertThat(back.watches()).isFalse();
  }
}
