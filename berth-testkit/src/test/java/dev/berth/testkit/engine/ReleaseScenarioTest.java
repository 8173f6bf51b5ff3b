package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.app.Actor;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Releases end to end in the engine, driven synchronously with a manual clock: every change is a
 * numbered release, it goes live once its replicas are ready, and a release that crash-loops or
 * misses its progress deadline is rolled back to the live one without the old replicas ever being
 * stopped.
 */
class ReleaseScenarioTest extends ReleaseScenarios {

  List<String> running(String service) {
    return replicas(service).stream()
        .filter(r -> !r.stopRequested() && r.state() == ReplicaState.RUNNING && r.ready())
        .map(ReplicaRecord::id)
        .toList();
  }

  void liveV1() {
    h.apply(V1, app, "production");
    h.readyAll();
    assertThat(status(1)).isEqualTo(ReleaseStatus.LIVE);
  }

  @Test
  void aReleaseIsDeployingUntilItsReplicasAreReadyThenLiveAndSupersedesThePreviousOne() {
    h.apply(V1, app, "production");
    assertThat(status(1)).isEqualTo(ReleaseStatus.DEPLOYING);
    h.readyAll();
    assertThat(status(1)).isEqualTo(ReleaseStatus.LIVE);

    h.apply(V2, app, "production");
    assertThat(status(2)).isEqualTo(ReleaseStatus.DEPLOYING);
    assertThat(status(1)).isEqualTo(ReleaseStatus.LIVE);
    h.readyAll();
    h.finishStops();

    assertThat(status(2)).isEqualTo(ReleaseStatus.LIVE);
    ReleaseRecord v1 = h.store.read(tx -> tx.releases().get(env, 1)).orElseThrow();
    assertThat(v1.status()).isEqualTo(ReleaseStatus.SUPERSEDED);
    assertThat(v1.reason()).isEqualTo("superseded by v2");
    ReleaseRecord v2 = releases().get(0);
    assertThat(v2.createdBy()).isEqualTo("tester (token test)");
    assertThat(v2.changes())
        .extracting(c -> c.service() + " " + c.action())
        .containsExactly("web updated", "worker unchanged");
    assertThat(v2.templates()).containsEntry("web", service("web").templateHash());
    assertThat(h.eventTypes()).contains("ReleaseLive", "ReleaseSuperseded");
  }

  @Test
  void aReleaseThatOnlyScalesGoesLiveWithoutWaiting() {
    liveV1();
    h.apply(V1.replace("replicas: 2", "replicas: 3"), app, "production");

    assertThat(status(2)).isEqualTo(ReleaseStatus.LIVE);
    assertThat(status(1)).isEqualTo(ReleaseStatus.SUPERSEDED);
  }

  @Test
  void aNewReleaseThatNeverGetsReadyIsRolledBackAtTheDeadlineAndTheOldReplicasNeverStop() {
    liveV1();
    List<String> oldWeb = running("web");
    String v1Template = service("web").templateHash();

    h.apply(V2, app, "production");
    h.advance(h.progressDeadline.minusSeconds(1));
    assertThat(status(2)).isEqualTo(ReleaseStatus.DEPLOYING);
    assertThat(running("web")).containsExactlyElementsOf(oldWeb);

    h.advance(Duration.ofSeconds(1));

    ReleaseRecord v2 = h.store.read(tx -> tx.releases().get(env, 2)).orElseThrow();
    assertThat(v2.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(v2.reason())
        .contains(
            "web: no new replica became available for 10m: 0 of 2 available", "rolled back to v1");
    assertThat(status(1)).isEqualTo(ReleaseStatus.LIVE);
    assertThat(service("web").templateHash()).isEqualTo(v1Template);
    assertThat(service("web").release()).isEqualTo("v1");
    assertThat(running("web")).containsExactlyElementsOf(oldWeb);
    assertThat(replicas("web"))
        .filteredOn(r -> !r.templateHash().equals(v1Template))
        .allMatch(ReplicaRecord::stopRequested);
    h.finishStops();
    assertThat(replicas("web")).extracting(ReplicaRecord::id).containsExactlyElementsOf(oldWeb);
    List<AuditEntry> audit = h.store.read(tx -> tx.audit().list(null, null, 0, 0));
    assertThat(audit).extracting(AuditEntry::action).containsExactly("apply", "apply", "rollback");
    assertThat(audit.get(2).actor()).isEqualTo(Actor.BERTH.display());
  }

  @Test
  void aNewReplicaThatCrashLoopsFailsTheReleaseAtOnce() {
    liveV1();
    List<String> oldWeb = running("web");
    h.apply(V2, app, "production");
    String bad = runtime.ids(ReplicaState.STARTING).get(0);
    runtime.crash(bad, 1, "exit 1");
    h.runUntilIdle();
    runtime.restart(bad); // the first crash restarts at once
    h.runUntilIdle();
    assertThat(status(2)).isEqualTo(ReleaseStatus.DEPLOYING);
    runtime.crash(bad, 1, "exit 1"); // the second: decided now, not after the back-off
    h.runUntilIdle();

    ReleaseRecord v2 = h.store.read(tx -> tx.releases().get(env, 2)).orElseThrow();
    assertThat(v2.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(v2.reason())
        .contains("replica " + bad + " of the new template crash-loops", "rolled back to v1");
    assertThat(running("web")).containsExactlyElementsOf(oldWeb);
    assertThat(clock.instant()).isBefore(MutableClock.atEpoch2026().instant().plusSeconds(60));
  }

  @Test
  void aFirstReleaseThatFailsHasNothingToRestoreAndIsFailed() {
    h.apply(V1, app, "production");
    h.advance(h.progressDeadline);

    ReleaseRecord v1 = releases().get(0);
    assertThat(v1.status()).isEqualTo(ReleaseStatus.FAILED);
    assertThat(v1.reason()).contains("no earlier live release to restore");
    h.apply(V2, app, "production"); // the environment is not stuck
    assertThat(status(2)).isEqualTo(ReleaseStatus.DEPLOYING);
  }

  @Test
  void anApplyDuringADeploySupersedesItAndOnlyTheNewestRollsOut() {
    liveV1();
    h.apply(V2, app, "production");
    h.apply(V1.replace("./web v1", "./web v3"), app, "production");

    assertThat(status(2)).isEqualTo(ReleaseStatus.SUPERSEDED);
    assertThat(h.store.read(tx -> tx.releases().get(env, 2)).orElseThrow().reason())
        .isEqualTo("superseded by v3 before it went live");
    assertThat(status(3)).isEqualTo(ReleaseStatus.DEPLOYING);
    assertThat(status(1)).isEqualTo(ReleaseStatus.LIVE);
    h.readyAll();
    h.finishStops();
    assertThat(status(3)).isEqualTo(ReleaseStatus.LIVE);
    assertThat(replicas("web"))
        .allMatch(r -> r.templateHash().equals(service("web").templateHash()));
  }

  @Test
  void scaleStopStartAndDestroyAreAudited() {
    liveV1();
    Actor alice = new Actor("alice", "admin");
    h.commands.scale(alice, env, Map.of("web", 4));
    h.commands.stop(alice, env, List.of("worker"));
    h.commands.start(alice, env, List.of("worker"));
    h.commands.scale(alice, env, Map.of("web", 4)); // no change, no entry
    h.destroy.destroy(alice, env);

    List<AuditEntry> audit = h.store.read(tx -> tx.audit().list("shop", null, 0, 0));
    assertThat(audit)
        .extracting(e -> e.actor() + " " + e.action() + ": " + e.summary())
        .containsExactly(
            "tester (token test) apply: v1: web created (2 replicas), worker created (1 replica)",
            "alice (token admin) scale: web scaled (replicas 2 -> 4)",
            "alice (token admin) stop: worker stopped",
            "alice (token admin) start: worker started (1 replicas)",
            "alice (token admin) destroy: environment destroyed with services web, worker");
  }

  @Test
  void aReleaseAfterDestroyStartsAgainAtV1() {
    liveV1();
    h.destroy.destroy(EngineHarness.ACTOR, env);
    h.finishStops();
    h.apply(V1, app, "production");
    assertThat(releases()).extracting(ReleaseRecord::version).containsExactly(1L);
  }
}
