package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ReplicaRecord;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code berth rollback}: an earlier good release deployed again as a new release, with the same
 * rollout safety, and clear refusals that change nothing.
 */
class RollbackScenarioTest extends ReleaseScenarios {

  List<ReplicaRecord> webReplicas() {
    return h.store.read(tx -> tx.replicas().list(env.service("web")));
  }

  ApplyResult rollback(OptionalLong to) {
    ApplyResult r = h.rollback.rollback(EngineHarness.ACTOR, env, to, "bad form");
    h.runUntilIdle();
    return r;
  }

  @Test
  void rollbackDeploysThePreviousGoodReleaseAsANewOneThatRollsOutSafely() {
    deploy(V1);
    String v1Web = service("web").templateHash();
    deploy(V2);
    List<String> v2Replicas =
        h.store.read(tx -> tx.replicas().list(env.service("web"))).stream()
            .map(ReplicaRecord::id)
            .toList();

    ApplyResult r = rollback(OptionalLong.empty());

    assertThat(r.release()).isEqualTo("v3");
    ReleaseRecord v3 = release(3);
    assertThat(v3.status()).isEqualTo(ReleaseStatus.DEPLOYING);
    assertThat(v3.message()).isEqualTo("rollback to v1: bad form");
    assertThat(v3.source().kind()).isEqualTo(ReleaseSource.Kind.ROLLBACK);
    assertThat(v3.source().fromVersion()).isEqualTo(1);
    assertThat(v3.specYaml()).isEqualTo(V1);
    assertThat(service("web").templateHash()).isEqualTo(v1Web);
    assertThat(service("web").release()).isEqualTo("v3");
    // v2's replicas keep serving until v3's are ready
    assertThat(webReplicas())
        .filteredOn(x -> v2Replicas.contains(x.id()))
        .noneMatch(ReplicaRecord::stopRequested);

    h.readyAll();
    h.finishStops();
    assertThat(release(3).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.SUPERSEDED);
    assertThat(webReplicas()).allMatch(x -> x.templateHash().equals(v1Web));
    assertThat(audit()).extracting(AuditEntry::summary).contains("v3: rollback to v1");
  }

  @Test
  void rollbackToANamedReleaseAndBackAgain() {
    deploy(V1);
    deploy(V2);
    deploy(V1.replace("./web v1", "./web v3"));

    rollback(OptionalLong.of(2));
    h.readyAll();
    h.finishStops();

    assertThat(release(4).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(service("web").spec().command()).isEqualTo("./web v2");
  }

  @Test
  void refusalsChangeNothing() {
    deploy(V1);
    assertThatThrownBy(() -> rollback(OptionalLong.empty()))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("no earlier release")
        .hasMessageContaining("the running release is untouched");
    assertThatThrownBy(() -> rollback(OptionalLong.of(1)))
        .hasMessageContaining("v1 is the live release");
    assertThatThrownBy(() -> rollback(OptionalLong.of(9))).hasMessageContaining("no release v9");

    h.apply(V2, app, "production");
    h.advance(h.progressDeadline); // v2 never gets ready: rolled back
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThatThrownBy(() -> rollback(OptionalLong.of(2)))
        .hasMessageContaining("v2 never went live (rolled-back");

    assertThat(releases()).hasSize(2);
    assertThat(release(1).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(runtime.ids(ReplicaState.RUNNING)).hasSize(3);
  }
}
