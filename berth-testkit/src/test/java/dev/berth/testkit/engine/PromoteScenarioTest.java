package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.release.PromoteService;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth promote}: staging's live code as a production release, production's own config. */
class PromoteScenarioTest {
  static final String SPEC =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web
          replicas: 3
      environments:
        production: {target: local}
        staging: {target: local, services: {web: {replicas: 1}}}
      """;

  @TempDir Path app;
  EngineHarness h;
  PromoteService promote;
  final EnvironmentKey staging = new EnvironmentKey("shop", "staging");
  final EnvironmentKey production = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    promote = new PromoteService(h.store, h.apply);
  }

  ReleaseRecord release(EnvironmentKey env, long v) {
    return h.store.read(tx -> tx.releases().get(env, v)).orElseThrow();
  }

  @Test
  void stagingsLiveCodeBecomesAProductionReleaseWithProductionsConfig() {
    h.apply(SPEC, app, "staging");
    h.readyAll();
    ReleaseRecord staged = release(staging, 1);
    assertThat(staged.status()).isEqualTo(ReleaseStatus.LIVE);

    assertThat(promote.plan("shop", "staging", "production"))
        .isEqualTo(new PromoteService.Plan("v1", staged.source().artifact(), ""));
    ApplyResult r =
        promote.promote(EngineHarness.ACTOR, "shop", "staging", "production", "ship it");
    h.readyAll();

    assertThat(r.release()).isEqualTo("v1");
    ReleaseRecord v1 = release(production, 1);
    assertThat(v1.status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(v1.source().kind()).isEqualTo(ReleaseSource.Kind.PROMOTION);
    assertThat(v1.source().location()).isEqualTo("staging");
    assertThat(v1.source().fromVersion()).isEqualTo(1);
    assertThat(v1.source().artifact()).isEqualTo(staged.source().artifact());
    assertThat(v1.message()).isEqualTo("promoted from staging v1: ship it");
    assertThat(h.status("shop", "production").services().get(0).desired())
        .as("production's own replica count")
        .isEqualTo(3);
    List<AuditEntry> audit = h.store.read(tx -> tx.audit().list("shop", "production", 0, 0));
    assertThat(audit).extracting(AuditEntry::action).containsExactly("promote");
  }

  @Test
  void refusalsSayWhy() {
    assertThatThrownBy(() -> promote.promote(EngineHarness.ACTOR, "shop", "staging", "staging", ""))
        .hasMessageContaining("--from and --to are both 'staging'");
    assertThatThrownBy(
            () -> promote.promote(EngineHarness.ACTOR, "shop", "staging", "production", ""))
        .hasMessageContaining("not deployed");
    h.apply(SPEC.replace("./web", "./web --broken"), app, "staging"); // never ready
    assertThatThrownBy(
            () -> promote.promote(EngineHarness.ACTOR, "shop", "staging", "production", ""))
        .hasMessageContaining("has no live release to promote");
  }
}
