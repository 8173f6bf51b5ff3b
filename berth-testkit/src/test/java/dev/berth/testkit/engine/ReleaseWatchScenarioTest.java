package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.rollout.WatchVerdict;
import dev.berth.engine.app.Actor;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceRecord;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The watch after a rollout: for {@code deploy.watch} after a release goes live, what the router
 * measured for each web service it changed is judged, and a release whose 5xx rate or p95 latency
 * crosses its threshold is rolled back to the last good release (driven with a manual clock; the
 * router's counts are set by the test through {@link FakeTrafficWindows}).
 */
class ReleaseWatchScenarioTest extends ReleaseScenarios {

  ServiceRecord web() {
    return service("web");
  }

  List<ReplicaRecord> webReplicas() {
    return replicas("web");
  }

  /** Deploys {@code yaml} until its release is live; returns the web template it runs. */
  String live(String yaml, long version) {
    deploy(yaml);
    assertThat(release(version).status()).isEqualTo(ReleaseStatus.LIVE);
    return web().templateHash();
  }

  void routerSaw(String template, long requests, long serverErrors, Duration p95) {
    h.traffic.set(
        env.service("web"), template, new WatchVerdict.Window(requests, serverErrors, p95));
  }

  @Test
  void aReleaseAnswering500sAfterGoingLiveIsRolledBackToTheLastGoodOne() {
    String v1 = live(V1, 1);
    String v2 = live(V2, 2);
    assertThat(release(1).status()).isEqualTo(ReleaseStatus.SUPERSEDED);

    routerSaw(v2, 100, 30, Duration.ofMillis(12));
    h.advance(Duration.ofSeconds(1));

    ReleaseRecord bad = release(2);
    assertThat(bad.status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(bad.reason())
        .isEqualTo(
            "web: 5xx rate 30% (30 of 100 requests) is above errorRate 5% within 2m of going"
                + " live; rolled back to v1");
    assertThat(release(1).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(release(1).reason()).isEqualTo("restored: v2 failed its watch");
    assertThat(web().templateHash()).isEqualTo(v1);
    assertThat(web().release()).isEqualTo("v1");
    // the restored replicas are all created at once; the bad ones serve until they are ready
    assertThat(webReplicas())
        .filteredOn(r -> r.templateHash().equals(v1) && !r.stopRequested())
        .hasSize(2);
    assertThat(webReplicas())
        .filteredOn(r -> r.templateHash().equals(v2))
        .noneMatch(ReplicaRecord::stopRequested);

    h.readyAll();
    h.finishStops();
    assertThat(webReplicas()).allMatch(r -> r.templateHash().equals(v1));
    assertThat(webReplicas()).allMatch(r -> r.state() == ReplicaState.RUNNING && r.ready());
    List<AuditEntry> audit = audit();
    assertThat(audit.get(audit.size() - 1).action()).isEqualTo("rollback");
    assertThat(audit.get(audit.size() - 1).actor()).isEqualTo(Actor.BERTH.display());
    assertThat(audit.get(audit.size() - 1).summary()).contains("v2 -> v1 (automatic, watch)");
    assertThat(h.eventTypes()).contains("ReleaseRolledBack");
  }

  @Test
  void aReleaseAnswering500sIsRolledBackDuringItsRolloutWhileTheOldReplicasStillServe() {
    String v1 = live(V1, 1);
    h.apply(V2, app, "production");
    String v2 = web().templateHash();
    String first = runtime.ids(ReplicaState.STARTING).get(0);
    runtime.ready(first); // one new replica serves beside the old ones
    h.runUntilIdle();
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.DEPLOYING);

    routerSaw(v2, 25, 25, null);
    h.advance(Duration.ofSeconds(1));

    assertThat(release(2).status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(release(2).reason())
        .isEqualTo(
            "web: 5xx rate 100% (25 of 25 requests) is above errorRate 5% during its rollout;"
                + " rolled back to v1");
    assertThat(release(2).liveAt()).as("it never went live").isNull();
    assertThat(release(1).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(web().templateHash()).isEqualTo(v1);
  }

  @Test
  void aSlowReleaseIsRolledBackWhenItsP95CrossesLatencyP95() {
    String withLatency =
        V1.replace("    replicas: 2\n", "    replicas: 2\n    deploy: {latencyP95: 200ms}\n");
    live(withLatency, 1);
    String v2 = live(withLatency.replace("./web v1", "./web v2"), 2);

    routerSaw(v2, 50, 0, Duration.ofMillis(350));
    h.advance(Duration.ofSeconds(1));

    assertThat(release(2).status()).isEqualTo(ReleaseStatus.ROLLED_BACK);
    assertThat(release(2).reason())
        .startsWith("web: p95 latency 350ms over 50 requests is above latencyP95 200ms");
  }

  @Test
  void aHealthyOrBarelyUsedReleaseStaysLiveAndIsNotJudgedAfterItsWindow() {
    live(V1, 1);
    String v2 = live(V2, 2);

    routerSaw(v2, 19, 19, Duration.ofMillis(5)); // under 20 requests: says nothing
    h.advance(Duration.ofSeconds(30));
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.LIVE);

    routerSaw(v2, 100, 5, Duration.ofMillis(5)); // 5% is not above 5%
    h.advance(Duration.ofSeconds(60));
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.LIVE);

    h.advance(Duration.ofSeconds(30)); // the 2m window is over
    routerSaw(v2, 1000, 900, Duration.ofMillis(5));
    h.advance(Duration.ofSeconds(1));
    h.releaseQueue.add(env);
    h.runUntilIdle();

    assertThat(release(2).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(release(2).reason()).isEmpty();
  }

  @Test
  void withoutAutoRollbackAFailingReleaseStaysLiveWithTheVerdictSaidOnce() {
    String noRollback =
        V1.replace("    replicas: 2\n", "    replicas: 2\n    deploy: {autoRollback: false}\n");
    live(noRollback, 1);
    String v2 = live(noRollback.replace("./web v1", "./web v2"), 2);

    routerSaw(v2, 40, 10, null);
    h.advance(Duration.ofSeconds(1));
    h.advance(Duration.ofSeconds(1));

    assertThat(release(2).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(release(2).reason())
        .isEqualTo(
            "web: 5xx rate 25% (10 of 40 requests) is above errorRate 5% within 2m of going"
                + " live; autoRollback is off, so it stays live");
    assertThat(h.eventTypes()).containsOnlyOnce("ReleaseWatchFailed");
    assertThat(web().templateHash()).isEqualTo(v2);
  }

  @Test
  void aFirstReleaseFailingItsWatchHasNothingToRestoreAndStaysLive() {
    String v1 = live(V1, 1);

    routerSaw(v1, 40, 40, null);
    h.advance(Duration.ofSeconds(1));

    assertThat(release(1).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(release(1).reason())
        .endsWith("; no earlier good release to restore, so it stays live");
  }

  @Test
  void aReleaseThatFailedItsWatchIsNotWhatBerthRollbackPicksLater() {
    live(V1, 1);
    String v2 = live(V2, 2);
    routerSaw(v2, 100, 50, null);
    h.advance(Duration.ofSeconds(1));
    h.readyAll();
    h.finishStops();
    live(V1.replace("./web v1", "./web v3"), 3);

    h.rollback.rollback(EngineHarness.ACTOR, env, OptionalLong.empty(), "v3 is bad");
    h.readyAll();
    h.finishStops();

    assertThat(release(4).source().fromVersion()).isEqualTo(1);
  }

  @Test
  void aServiceWithWatchOffIsNotJudged() {
    String off = V1.replace("    replicas: 2\n", "    replicas: 2\n    deploy: {watch: 0s}\n");
    live(off, 1);
    String v2 = live(off.replace("./web v1", "./web v2"), 2);

    routerSaw(v2, 100, 100, null);
    h.advance(Duration.ofSeconds(1));

    assertThat(release(2).status()).isEqualTo(ReleaseStatus.LIVE);
  }
}
