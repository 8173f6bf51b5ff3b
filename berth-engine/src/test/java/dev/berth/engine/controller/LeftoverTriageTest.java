package dev.berth.engine.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.Resources;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeftoverTriageTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant LATER = NOW.plusSeconds(60);
  static final ServiceKey KEY = new ServiceKey("shop", "production", "web");

  static ReplicaRecord placed(String id, Incarnation inc) {
    ReplicaRecord r =
        ReplicaRecord.pending(id, KEY, "hash", Resources.DEFAULT, NOW).withNode("local", NOW);
    return inc == null ? r : r.withIncarnation(inc, NOW);
  }

  @Test
  void aLeftoverNoRecordClaimsIsStopped() {
    Leftover orphan = new Leftover("web-9", new Incarnation(900, 1, 20009));
    LeftoverTriage.Plan plan =
        LeftoverTriage.decide(
            List.of(placed("web-1", new Incarnation(100, 1, 20001))), List.of(orphan), LATER);
    assertThat(plan.stop()).containsExactly(orphan);
    assertThat(plan.reclaimed()).isEmpty();
  }

  @Test
  void theRecordedProcessItselfNeedsNoDecision() {
    Incarnation inc = new Incarnation(100, 1, 20001);
    LeftoverTriage.Plan plan =
        LeftoverTriage.decide(
            List.of(placed("web-1", inc)),
            List.of(new Leftover("web-1", new Incarnation(100, 1, 0))),
            LATER);
    assertThat(plan.stop()).isEmpty();
    assertThat(plan.reclaimed()).isEmpty();
  }

  @Test
  void aClaimedReplicaRunningAsAnotherProcessTakesThatProcessAsItsIncarnation() {
    Incarnation found = new Incarnation(300, 9, 20003);
    LeftoverTriage.Plan plan =
        LeftoverTriage.decide(
            List.of(
                placed("web-1", new Incarnation(100, 1, 20001)), // restarted, not yet recorded
                placed("web-2", null)), // started, not yet recorded
            List.of(new Leftover("web-1", found), new Leftover("web-2", found)),
            LATER);
    assertThat(plan.stop()).isEmpty();
    assertThat(plan.reclaimed())
        .extracting(ReplicaRecord::id, ReplicaRecord::incarnation, ReplicaRecord::updatedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web-1", found, LATER),
            org.assertj.core.groups.Tuple.tuple("web-2", found, LATER));
  }

  @Test
  void aPidReusedByAnotherProcessIsNotTheRecordedOne() {
    assertThat(LeftoverTriage.sameProcess(new Incarnation(100, 1, 0), new Incarnation(100, 2, 0)))
        .isFalse();
    assertThat(LeftoverTriage.sameProcess(null, new Incarnation(100, 2, 0))).isFalse();
  }
}
