package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.autoscale.AutoscaleController;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.autoscale.FakeTriggerSource;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autoscaler in the engine: triggers read every pollingInterval through fake sources, the
 * decision written as the service's replica count, the replica controller following it.
 */
class AutoscaleScenarioTest {
  static final String SPEC =
      """
      project: shop
      services:
        worker:
          type: worker
          command: ./worker
          autoscale:
            min: 1
            max: 10
            triggers:
              - type: redis-list
                name: jobs
                address: localhost:6379
                listName: jobs
                listLength: 5
      """;

  @TempDir Path app;
  MutableClock clock;
  EngineHarness h;
  FakeTriggerSource jobs;
  final ServiceKey worker = new ServiceKey("shop", "production", "worker");

  @BeforeEach
  void setUp() {
    clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    jobs = h.triggers.source("jobs");
  }

  int replicas() {
    return h.store.read(tx -> tx.services().get(worker)).map(ServiceRecord::replicas).orElseThrow();
  }

  int running() {
    return h.runtime.ids(ReplicaState.STARTING, ReplicaState.RUNNING).size();
  }

  /** Polls once a second for {@code d}. */
  void poll(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) {
      h.advance(Duration.ofSeconds(1));
    }
  }

  List<Event> scaled() {
    return h.published.stream().filter(e -> e.type().equals(AutoscaleController.SCALED)).toList();
  }

  @Test
  void scalesUpOnQueueDepthWithinTheScaleUpPolicies() {
    h.apply(SPEC, app, "production");
    assertThat(replicas()).isEqualTo(1); // the starting count: min
    poll(Duration.ofSeconds(3));
    assertThat(replicas()).isEqualTo(1);
    assertThat(scaled()).isEmpty();

    jobs.set(40); // ceil(40 / 5) = 8, but one step may add max(4 replicas, 100%) per 15 s
    poll(Duration.ofSeconds(1));
    assertThat(replicas()).isEqualTo(5);
    assertThat(running()).isEqualTo(5);
    assertThat(scaled()).hasSize(1);
    assertThat(scaled().get(0).message())
        .startsWith("replicas 1 -> 5 (SCALE_UP_LIMITED)")
        .contains("jobs=40 recommends 8");
    assertThat(h.autoscaler.latest(worker).orElseThrow().reason())
        .isEqualTo(Reason.SCALE_UP_LIMITED);

    poll(Duration.ofSeconds(15));
    assertThat(replicas()).isEqualTo(8);
    assertThat(running()).isEqualTo(8);
    assertThat(scaled()).hasSize(2);
    assertThat(jobs.reads()).isGreaterThanOrEqualTo(19); // once a second, not more
  }

  @Test
  void triggersSeeTheEnvironmentsConfigVarsOverTheSpecsEnv() {
    h.autoscaler.configVars(
        env ->
            env.equals(worker.environmentKey())
                ? java.util.Map.of("REDIS_URL", "redis://from-config:6379")
                : java.util.Map.of());
    h.apply(
        SPEC.replace(
            "    command: ./worker\n",
            "    command: ./worker\n    env:\n      REDIS_URL: redis://from-spec:6379\n"
                + "      QUEUE: jobs\n"),
        app,
        "production");
    poll(Duration.ofSeconds(1));
    assertThat(h.triggers.env("jobs"))
        .containsEntry("REDIS_URL", "redis://from-config:6379") // config var over spec env
        .containsEntry("QUEUE", "jobs");
  }

  @Test
  void scaleDownWaitsForTheStabilizationWindow() {
    h.apply(SPEC, app, "production");
    jobs.set(25);
    poll(Duration.ofSeconds(20));
    assertThat(replicas()).isEqualTo(5);

    jobs.set(5); // recommends 1; the highest recommendation of the last 5 minutes is still 5
    poll(Duration.ofSeconds(290));
    assertThat(replicas()).isEqualTo(5);
    assertThat(h.autoscaler.latest(worker).orElseThrow().reason())
        .isEqualTo(Reason.SCALE_DOWN_STABILIZED);

    poll(Duration.ofSeconds(15));
    assertThat(replicas()).isEqualTo(1);
    h.finishStops();
    assertThat(running()).isEqualTo(1);
    assertThat(scaled().get(scaled().size() - 1).message()).startsWith("replicas 5 -> 1");
  }

  @Test
  void aFailingTriggerNeverScalesDownAndFallsBackAfterTheThreshold() {
    h.apply(
        SPEC.replace(
                "      triggers:",
                "      fallback: {failureThreshold: 3, replicas: 4}\n      triggers:")
            .replace(
                "      max: 10",
                "      max: 10\n      behavior: {scaleDown: {stabilizationWindow: 0s}}"),
        app,
        "production");
    jobs.set(10);
    poll(Duration.ofSeconds(2));
    assertThat(replicas()).isEqualTo(2);

    jobs.fail("redis: connection refused");
    poll(Duration.ofSeconds(3)); // failures 1..3: the count stays
    assertThat(replicas()).isEqualTo(2);
    assertThat(h.autoscaler.latest(worker).orElseThrow().reason())
        .isEqualTo(Reason.ALL_TRIGGERS_FAILED);

    poll(Duration.ofSeconds(1)); // the 4th failure: more than failureThreshold
    assertThat(replicas()).isEqualTo(4);
    assertThat(scaled().get(scaled().size() - 1).message())
        .contains("(FALLBACK)")
        .contains("jobs failed (redis: connection refused, 4 in a row, fallback 4)");

    jobs.set(5); // healthy again: back to the metric's say, without a window
    poll(Duration.ofSeconds(1));
    assertThat(replicas()).isEqualTo(1);
  }

  @Test
  void minZeroWakesOnActivationAndGoesBackToZeroAfterTheCooldown() {
    h.apply(
        SPEC.replace("min: 1", "min: 0\n      cooldown: 10s")
            .replace("listLength: 5", "listLength: 5\n          activationListLength: 2"),
        app,
        "production");
    assertThat(replicas()).isZero();
    jobs.set(2); // not strictly above the activation threshold
    poll(Duration.ofSeconds(5));
    assertThat(replicas()).isZero();
    assertThat(running()).isZero();
    assertThat(h.autoscaler.latest(worker).orElseThrow().reason()).isEqualTo(Reason.IDLE);

    jobs.set(3);
    poll(Duration.ofSeconds(1));
    assertThat(replicas()).isEqualTo(1);
    assertThat(running()).isEqualTo(1);
    assertThat(scaled().get(0).message()).startsWith("replicas 0 -> 1 (ACTIVATED)");

    jobs.set(0);
    poll(Duration.ofSeconds(10));
    assertThat(replicas()).isEqualTo(1);
    assertThat(h.autoscaler.latest(worker).orElseThrow().reason())
        .isIn(Reason.COOLING_DOWN, Reason.SCALE_DOWN_STABILIZED);
    poll(Duration.ofSeconds(1));
    assertThat(replicas()).isZero();
    assertThat(h.autoscaler.latest(worker).orElseThrow().reason()).isEqualTo(Reason.SCALED_TO_ZERO);
  }

  @Test
  void removingTheAutoscaleBlockStopsScalingAndClosesTheSources() {
    h.apply(SPEC, app, "production");
    jobs.set(20);
    poll(Duration.ofSeconds(1));
    assertThat(replicas()).isEqualTo(4);

    String fixed = SPEC.substring(0, SPEC.indexOf("    autoscale:")) + "    replicas: 2\n";
    h.apply(fixed, app, "production");
    assertThat(replicas()).isEqualTo(2);
    poll(Duration.ofSeconds(2));
    assertThat(jobs.closed()).isTrue();
    int reads = jobs.reads();

    jobs.set(50);
    poll(Duration.ofSeconds(20));
    assertThat(replicas()).isEqualTo(2);
    assertThat(jobs.reads()).isEqualTo(reads);
    assertThat(h.autoscaler.latest(worker)).isEmpty();
  }

  @Test
  void berthScaleOnAnAutoscaledServiceIsRefusedNamingMinAndMax() {
    h.apply(SPEC, app, "production");
    assertThatThrownBy(
            () ->
                h.commands.scale(
                    EngineHarness.ACTOR,
                    new EnvironmentKey("shop", "production"),
                    Map.of("worker", 5)))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("'worker' is autoscaled")
        .hasMessageContaining("autoscale.min 1 and autoscale.max 10")
        .hasMessageContaining("change autoscale.min/max in berth.yaml");
    assertThat(replicas()).isEqualTo(1);
  }

  @Test
  void reapplyingKeepsTheAutoscalersCount() {
    h.apply(SPEC, app, "production");
    jobs.set(20);
    poll(Duration.ofSeconds(1));
    assertThat(replicas()).isEqualTo(4);

    ApplyResult same = h.apply(SPEC, app, "production");
    assertThat(same.changes().get(0).detail()).contains("keeping 4 replicas set by the autoscaler");
    // a new starting count and a new version: still the autoscaler's count
    ApplyResult changed =
        h.apply(
            SPEC.replace("    command: ./worker", "    command: ./worker --v2\n    replicas: 2"),
            app,
            "production");
    assertThat(changed.changed()).isTrue();
    assertThat(replicas()).isEqualTo(4);
    h.readyAll();
    h.finishStops();
    assertThat(running()).isEqualTo(4);
  }

  @Test
  void turningAutoscaleOnStartsFromTheStartingCount() {
    String fixed = SPEC.substring(0, SPEC.indexOf("    autoscale:")) + "    replicas: 6\n";
    h.apply(fixed, app, "production");
    assertThat(replicas()).isEqualTo(6);
    h.apply(
        SPEC.replace("    command: ./worker", "    command: ./worker\n    replicas: 3"),
        app,
        "production");
    assertThat(replicas()).isEqualTo(3);
  }

  @Test
  void statusShowsTheDecisionAndTheBounds() {
    h.apply(SPEC, app, "production");
    var before = h.status("shop", "production").services().get(0);
    assertThat(before.autoscale().min()).isEqualTo(1);
    assertThat(before.autoscale().max()).isEqualTo(10);

    jobs.set(15);
    poll(Duration.ofSeconds(1));
    var after = h.status("shop", "production").services().get(0);
    assertThat(after.desired()).isEqualTo(3);
    assertThat(after.autoscale().reason()).isEqualTo(Reason.SCALE_UP);
    assertThat(after.autoscale().message()).contains("jobs = 15 recommends 3");
    assertThat(after.autoscale().lastScaleAt()).isEqualTo(clock.instant());

    String fixed = SPEC.substring(0, SPEC.indexOf("    autoscale:")) + "    replicas: 2\n";
    h.apply(fixed, app, "production");
    assertThat(h.status("shop", "production").services().get(0).autoscale()).isNull();
  }

  @Test
  void aRestartedControlPlaneStartsTheWindowsAfreshWithoutDroppingTheCount() {
    h.apply(SPEC.replace("min: 1", "min: 0\n      cooldown: 60s"), app, "production");
    jobs.set(25);
    poll(Duration.ofSeconds(20));
    assertThat(replicas()).isEqualTo(5);

    clock.advance(Duration.ofSeconds(5));
    EngineHarness again = new EngineHarness(clock, h.store, new FakeRuntime(clock)).recover();
    again.triggers.source("jobs").set(0);
    for (int s = 0; s < 59; s++) {
      again.advance(Duration.ofSeconds(1));
    }
    assertThat(replicas()).isEqualTo(5); // a whole cooldown from the restart, not at once
    for (int s = 0; s < 3; s++) { // first decision 1 s after the restart; strictly after
      again.advance(Duration.ofSeconds(1));
    }
    assertThat(replicas()).isZero();
    assertThat(again.autoscaler.latest(worker).orElseThrow().reason())
        .isEqualTo(Reason.SCALED_TO_ZERO);
  }

  @Test
  void aTriggerTypeWithoutASourceReadsAsFailedAndNeverScalesDown() {
    h.triggers.refuse(TriggerType.PROMETHEUS);
    h.apply(
        SPEC.replace("min: 1", "min: 2")
            .replace(
                "        - type: redis-list",
                "        - {type: prometheus, name: load, serverAddress: 'http://localhost:9090',"
                    + " query: up, threshold: 5}\n"
                    + "        - type: redis-list"),
        app,
        "production");
    jobs.set(40);
    poll(Duration.ofSeconds(1));
    assertThat(replicas()).isEqualTo(6); // the others may scale up
    jobs.set(0);
    poll(Duration.ofSeconds(400));
    assertThat(replicas()).isEqualTo(6); // never down on their say-so
    assertThat(h.autoscaler.latest(worker).orElseThrow().reason()).isEqualTo(Reason.TRIGGER_ERROR);
    assertThat(h.autoscaler.latest(worker).orElseThrow().message()).contains("load");
  }
}
