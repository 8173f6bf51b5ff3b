package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.ReplicaSetDecision.Plan;
import dev.berth.core.decide.ReplicaSetDecision.Replica;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSetDecisionTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Replica r(String id, String hash, boolean placed, boolean ready, int ageSeconds) {
    return new Replica(id, hash, placed, ready, false, T0.minusSeconds(ageSeconds));
  }

  @Test
  void createsMissingReplicas() {
    Plan p = ReplicaSetDecision.decide("h1", 3, List.of(r("a", "h1", true, true, 10)));
    assertThat(p.create()).isEqualTo(2);
    assertThat(p.stop()).isEmpty();
  }

  @Test
  void scaleDownStopsPendingThenNotReadyThenNewest() {
    List<Replica> rs =
        List.of(
            r("old-ready", "h1", true, true, 100),
            r("new-ready", "h1", true, true, 5),
            r("unready", "h1", true, false, 50),
            r("pending", "h1", false, false, 1));
    assertThat(ReplicaSetDecision.decide("h1", 1, rs).stop())
        .containsExactly("pending", "unready", "new-ready");
  }

  @Test
  void outdatedReplicasServeUntilNewOnesAreReady() {
    List<Replica> rs =
        List.of(
            r("old1", "h0", true, true, 100),
            r("old2", "h0", true, true, 100),
            r("new1", "h1", true, true, 1),
            r("new2", "h1", true, false, 1));
    Plan p = ReplicaSetDecision.decide("h1", 2, rs);
    assertThat(p.create()).isZero();
    assertThat(p.stop()).isEmpty();

    List<Replica> allReady =
        List.of(
            r("old1", "h0", true, true, 100),
            r("old2", "h0", true, true, 100),
            r("new1", "h1", true, true, 1),
            r("new2", "h1", true, true, 1));
    assertThat(ReplicaSetDecision.decide("h1", 2, allReady).stop())
        .containsExactlyInAnyOrder("old1", "old2");
  }

  @Test
  void aBrokenNewTemplateNeverTakesTheOldOneDown() {
    List<Replica> rs = List.of(r("old1", "h0", true, true, 100), r("new1", "h1", true, false, 1));
    for (int i = 0; i < 5; i++) {
      assertThat(ReplicaSetDecision.decide("h1", 1, rs).stop()).isEmpty();
    }
  }

  @Test
  void outdatedReplicasThatServeNobodyStopAtOnce() {
    List<Replica> rs =
        List.of(r("old-pending", "h0", false, false, 100), r("old-crashing", "h0", true, false, 9));
    Plan p = ReplicaSetDecision.decide("h1", 1, rs);
    assertThat(p.create()).isEqualTo(1);
    assertThat(p.stop()).containsExactly("old-pending", "old-crashing");
  }

  @Test
  void zeroDesiredStopsEverything() {
    List<Replica> rs = List.of(r("a", "h0", true, true, 1), r("b", "h1", true, true, 1));
    assertThat(ReplicaSetDecision.decide("h1", 0, rs).stop()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void replicasAlreadyStoppingAreIgnored() {
    Replica leaving = new Replica("x", "h1", true, true, true, T0);
    Plan p = ReplicaSetDecision.decide("h1", 1, List.of(leaving));
    assertThat(p.create()).isEqualTo(1);
    assertThat(p.stop()).isEmpty();
  }
}
