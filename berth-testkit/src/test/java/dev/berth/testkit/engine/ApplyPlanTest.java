package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.Change;
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
 * The apply plan (the dry run {@code berth apply} asks from): the same changes apply would make,
 * stored nowhere, with the ones that stop running replicas marked destructive.
 */
class ApplyPlanTest {
  static final String SPEC =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web
          replicas: 3
        worker:
          type: worker
          command: ./worker
      """;

  @TempDir Path app;
  EngineHarness h;
  final EnvironmentKey env = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    h.apply(SPEC, app, "production");
    h.readyAll();
  }

  ApplyResult plan(String yaml) {
    return h.apply.plan(
        new ApplyRequest(
            "berth.yaml",
            yaml,
            null,
            app.toString(),
            "production",
            new dev.berth.engine.app.Actor("tester", "test"),
            "",
            "",
            null));
  }

  static Map<String, Boolean> destructive(ApplyResult r) {
    return r.changes().stream()
        .collect(java.util.stream.Collectors.toMap(Change::service, Change::destructive));
  }

  @Test
  void removingAServiceAndLoweringReplicasAreDestructiveAndNothingIsStored() {
    ApplyResult plan =
        plan(
            SPEC.replace("replicas: 3", "replicas: 1")
                .replace("  worker:\n    type: worker\n    command: ./worker\n", ""));

    assertThat(plan.changed()).isTrue();
    assertThat(plan.changes())
        .extracting(Change::service, Change::action, Change::detail, Change::destructive)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web", "scaled", "replicas 3 -> 1", true),
            org.assertj.core.groups.Tuple.tuple(
                "worker", "removed", "its replicas will be stopped", true));
    assertThat(h.store.read(tx -> tx.environments().get(env)).orElseThrow().generation())
        .isEqualTo(1);
    List<dev.berth.engine.store.ServiceRecord> services =
        h.store.read(tx -> tx.services().list(env));
    assertThat(services).hasSize(2);
  }

  @Test
  void thePlanIsWhatApplyThenDoes() {
    String lower = SPEC.replace("replicas: 3", "replicas: 2");

    ApplyResult plan = plan(lower);
    ApplyResult applied = h.apply(lower, app, "production");

    assertThat(plan).isEqualTo(applied);
  }

  @Test
  void addingReplicasOrServicesIsNotDestructive() {
    ApplyResult plan =
        plan(SPEC.replace("replicas: 3", "replicas: 4") + "  mailer:\n    command: ./mail\n");

    assertThat(destructive(plan))
        .containsOnly(
            Map.entry("web", false), Map.entry("worker", false), Map.entry("mailer", false));
  }

  @Test
  void aNewVersionWithFewerReplicasIsDestructiveAndSaysSo() {
    ApplyResult plan =
        plan(
            SPEC.replace("command: ./web", "command: ./web2")
                .replace("replicas: 3", "replicas: 2"));

    Change web = plan.changes().get(0);
    assertThat(web.action()).isEqualTo("updated");
    assertThat(web.detail()).contains("replicas 3 -> 2");
    assertThat(web.destructive()).isTrue();
  }

  @Test
  void loweringAStoppedServiceStopsNothing() {
    h.commands.stop(new dev.berth.engine.app.Actor("tester", "test"), env, List.of("web"));
    h.runUntilIdle();

    assertThat(destructive(plan(SPEC.replace("replicas: 3", "replicas: 1"))))
        .containsEntry("web", false);
  }

  @Test
  void anUnchangedSpecPlansNoChange() {
    ApplyResult plan = plan(SPEC);

    assertThat(plan.changed()).isFalse();
    assertThat(destructive(plan)).doesNotContainValue(true);
  }
}
