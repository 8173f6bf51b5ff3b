package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.plan.PlanAction;
import dev.berth.core.plan.ServicePlan;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyOptions;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.PlanOutcome;
import dev.berth.engine.app.SavedPlan;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved plans: {@code berth plan --out plan.json} then {@code berth apply plan.json} applies
 * exactly what was reviewed, and nothing once the state, the spec or the environment moved on.
 */
class SavedPlanScenarioTest {
  static final String SPEC =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web
          replicas: 2
          env: {LOG_LEVEL: info}
        worker:
          type: worker
          command: ./worker
      environments:
        production: {target: local}
        staging: {target: local}
      """;
  static final String EDITED =
      SPEC.replace("replicas: 2", "replicas: 4").replace("LOG_LEVEL: info", "LOG_LEVEL: debug");

  @TempDir Path app;
  EngineHarness h;
  final EnvironmentKey production = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    h.apply(SPEC, app, "production");
    h.readyAll();
  }

  ApplyRequest request(String yaml, String env) {
    return new ApplyRequest(
        "berth.yaml", yaml, null, app.toString(), env, EngineHarness.ACTOR, "", "", null);
  }

  ApplyResult applyPlan(String yaml, String env, SavedPlan pinned) {
    return h.apply.apply(request(yaml, env), line -> {}, new ApplyOptions(pinned, true));
  }

  long serial(EnvironmentKey key) {
    return h.store.read((dev.berth.engine.store.StoreTx tx) -> tx.serials().get(key));
  }

  @Test
  void aPlanShowsEachFieldAndApplyingItStoresExactlyThat() {
    PlanOutcome plan = h.apply.preview(request(EDITED, "production"));

    ServicePlan web = plan.plan().services().get(0);
    assertThat(web.action()).isEqualTo(PlanAction.REPLACE);
    assertThat(web.fields())
        .extracting(f -> f.render())
        .containsExactly("replicas 2 -> 4", "env.LOG_LEVEL info -> debug");
    assertThat(plan.plan().summary()).isEqualTo("0 to add, 1 to change, 0 to destroy");
    assertThat(plan.serial()).isEqualTo(serial(production));

    ApplyResult r = applyPlan(EDITED, "production", plan.pinned());

    assertThat(r.changed()).isTrue();
    assertThat(h.apply.preview(request(EDITED, "production")).plan().hasChanges()).isFalse();
    assertThat(serial(production)).isEqualTo(plan.serial() + 1);
  }

  @Test
  void aSavedPlanAppliedTwiceIsRefusedTheSecondTime() {
    SavedPlan pinned = h.apply.preview(request(EDITED, "production")).pinned();
    applyPlan(EDITED, "production", pinned);
    long generation =
        h.store
            .read((dev.berth.engine.store.StoreTx tx) -> tx.environments().get(production))
            .orElseThrow()
            .generation();

    assertThatThrownBy(() -> applyPlan(EDITED, "production", pinned))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("plan_stale"))
        .hasMessageContaining("changed since the plan was made")
        .hasMessageContaining("nothing was applied");
    assertThat(
            h.store
                .read((dev.berth.engine.store.StoreTx tx) -> tx.environments().get(production))
                .orElseThrow()
                .generation())
        .isEqualTo(generation);
  }

  @Test
  void aScaleBetweenPlanAndApplyMakesThePlanStale() {
    SavedPlan pinned = h.apply.preview(request(EDITED, "production")).pinned();
    h.commands.scale(EngineHarness.ACTOR, production, Map.of("worker", 3));

    assertThatThrownBy(() -> applyPlan(EDITED, "production", pinned))
        .hasMessageContaining("serial " + pinned.serial() + " then, " + (pinned.serial() + 1));
    assertThat(
            h.store
                .read(tx -> tx.services().get(production.service("web")))
                .orElseThrow()
                .replicas())
        .isEqualTo(2);
  }

  @Test
  void stopStartRollbackAndDestroyEachMoveTheSerial() {
    long s0 = serial(production);
    h.commands.stop(EngineHarness.ACTOR, production, List.of("worker"));
    long s1 = serial(production);
    h.commands.start(EngineHarness.ACTOR, production, List.of("worker"));
    long s2 = serial(production);
    h.apply(EDITED, app, "production");
    long s3 = serial(production);
    h.apply(EDITED, app, "production"); // unchanged: the state does not move
    long s4 = serial(production);
    h.destroy.destroy(EngineHarness.ACTOR, production);
    long s5 = serial(production);

    assertThat(List.of(s0, s1, s2, s3, s4, s5))
        .containsExactly(s0, s0 + 1, s0 + 2, s0 + 3, s0 + 3, s0 + 4);
  }

  @Test
  void aPlanForAnotherEnvironmentIsRefused() {
    SavedPlan forStaging = h.apply.preview(request(EDITED, "staging")).pinned();

    assertThatThrownBy(() -> applyPlan(EDITED, "production", forStaging))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("plan_stale"));
  }

  @Test
  void aFreshPlanOfOneFreshEnvironmentDoesNotApplyToAnother() {
    SavedPlan forStaging = h.apply.preview(request(SPEC, "staging")).pinned();
    EnvironmentKey preview = new EnvironmentKey("shop", "preview");
    String withPreview =
        SPEC.replace(
            "staging: {target: local}", "staging: {target: local}\n  preview: {target: local}");
    SavedPlan forPreview = h.apply.preview(request(withPreview, "preview")).pinned();

    assertThat(forStaging.serial()).isEqualTo(forPreview.serial()).isZero();
    assertThatThrownBy(() -> applyPlan(withPreview, "preview", forStaging))
        .hasMessageContaining("not the one the plan was made from");
    assertThat(h.store.read((dev.berth.engine.store.StoreTx tx) -> tx.environments().get(preview)))
        .isEmpty();
  }

  @Test
  void aSpecEditedAfterThePlanIsRefused() {
    SavedPlan pinned = h.apply.preview(request(EDITED, "production")).pinned();

    assertThatThrownBy(
            () -> applyPlan(EDITED.replace("./worker", "./worker2"), "production", pinned))
        .hasMessageContaining("plan was made from");
  }

  @Test
  void aNoOpPlanAppliesAndChangesNothing() {
    PlanOutcome plan = h.apply.preview(request(SPEC, "production"));
    assertThat(plan.plan().hasChanges()).isFalse();

    ApplyResult r = applyPlan(SPEC, "production", plan.pinned());

    assertThat(r.changed()).isFalse();
    assertThat(serial(production)).isEqualTo(plan.serial());
  }

  @Test
  void driftFromBerthScaleIsShownAndKept() {
    h.commands.scale(EngineHarness.ACTOR, production, Map.of("web", 5));
    h.runUntilIdle();

    PlanOutcome plan = h.apply.preview(request(SPEC, "production"));

    assertThat(plan.plan().hasChanges()).isFalse();
    assertThat(plan.plan().drift())
        .extracting(d -> d.detail())
        .contains("replicas 5 set by berth scale, the spec says 2");
  }
}
