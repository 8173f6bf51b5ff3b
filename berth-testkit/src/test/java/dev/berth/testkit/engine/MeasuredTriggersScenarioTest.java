package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.AutoscaleDecision;
import dev.berth.core.autoscale.AutoscaleOutcome.Reason;
import dev.berth.engine.autoscale.AutoscaleController;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The triggers Berth measures itself: {@code http} from the router's counters, {@code cpu} and
 * {@code memory} from the runtime's usage samples, and the router's wake-up of a service at zero.
 */
class MeasuredTriggersScenarioTest {
  static final String WEB =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web
          resources: {cpu: 200m, memory: 100Mi}
          autoscale:
            min: 1
            max: 10
            behavior: {scaleDown: {stabilizationWindow: 0s}}
            triggers:
              - TRIGGER
      """;

  @TempDir Path app;
  MutableClock clock;
  EngineHarness h;
  final ServiceKey web = new ServiceKey("shop", "production", "web");

  @BeforeEach
  void setUp() {
    clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
  }

  void apply(String trigger) {
    h.apply(WEB.replace("TRIGGER", trigger), app, "production");
  }

  int replicas() {
    return h.store.read(tx -> tx.services().get(web)).map(ServiceRecord::replicas).orElseThrow();
  }

  void poll(int seconds) {
    for (int s = 0; s < seconds; s++) {
      h.advance(Duration.ofSeconds(1));
    }
  }

  List<Event> scaled() {
    return h.published.stream().filter(e -> e.type().equals(AutoscaleController.SCALED)).toList();
  }

  @Test
  void httpConcurrencyIsTheRoutersInFlightCountPerReplica() {
    apply("{type: http, targetConcurrency: 10}");
    h.http.inFlight(web, 35);
    poll(1);
    assertThat(replicas()).isEqualTo(4);
    assertThat(scaled().get(0).message()).contains("http=35 recommends 4");

    h.http.inFlight(web, 8);
    poll(1);
    assertThat(replicas()).isEqualTo(1);
  }

  @Test
  void httpRequestRateIsAnsweredRequestsPerSecondBetweenReadings() {
    apply("{type: http, targetRequestRate: 50}");
    poll(1); // the first reading has no rate yet (a failed reading), the second one 0
    assertThat(replicas()).isEqualTo(1);

    h.http.answered(web, 200);
    poll(1);
    assertThat(replicas()).isEqualTo(4); // 200 per second / 50
    h.http.answered(web, 40);
    poll(1);
    assertThat(replicas()).isEqualTo(1);

    h.http.forget(web); // the router forgot the service: counts from zero, never negative
    h.http.answered(web, 100);
    poll(1);
    assertThat(replicas()).isEqualTo(2);
  }

  @Test
  void cpuUtilizationIsTheRuntimesSamplesOverTheReplicasRequests() {
    h.apply(
        WEB.replace("min: 1", "min: 2").replace("TRIGGER", "{type: cpu, value: 50}"),
        app,
        "production");
    h.readyAll();
    List<String> ids = h.runtime.ids(ReplicaState.RUNNING);
    assertThat(ids).hasSize(2);
    ids.forEach(id -> h.runtime.usage(id, 200, 50L << 20)); // 100% of a 200m request each
    poll(1);
    assertThat(replicas()).isEqualTo(4); // ratio 100 / 50 = 2
    assertThat(scaled().get(0).message()).contains("cpu=100 recommends 4");
  }

  @Test
  void memoryAverageValueComparesTheSamplesWithTheQuantity() {
    h.apply(
        WEB.replace("min: 1", "min: 2")
            .replace("TRIGGER", "{type: memory, metricType: AverageValue, value: 50Mi}"),
        app,
        "production");
    h.readyAll();
    h.runtime.ids(ReplicaState.RUNNING).forEach(id -> h.runtime.usage(id, 10, 150L << 20));
    poll(1);
    assertThat(replicas()).isEqualTo(6); // 150 Mi each / 50 Mi = 3 times the replicas
  }

  @Test
  void replicasWithoutASampleAreMissingAndNeverScaleDown() {
    h.apply(
        WEB.replace("min: 1", "min: 3").replace("TRIGGER", "{type: cpu, value: 50}"),
        app,
        "production");
    h.readyAll();
    poll(1);
    assertThat(replicas()).isEqualTo(3);
    assertThat(h.autoscaler.latest(web).orElseThrow().reason())
        .isEqualTo(Reason.ALL_TRIGGERS_FAILED); // no sample at all
  }

  @Test
  void theRouterWakesAServiceAtZeroAtOnceWhateverItsTriggersSay() {
    h.apply(
        WEB.replace("min: 1", "min: 0")
            .replace(
                "TRIGGER",
                "{type: redis-list, name: jobs, address: 'localhost:6379', listName: jobs, listLength: 5}"),
        app,
        "production");
    h.triggers.source("jobs").set(0);
    poll(2);
    assertThat(replicas()).isZero();
    assertThat(h.autoscaler.scalesFromZero(web)).isNotNull();

    h.autoscaler.activate(web); // requests wait at the router
    h.autoscaler.activate(web); // a burst queues one decision
    h.runUntilIdle(); // now, not at the next poll
    assertThat(replicas()).isEqualTo(1);
    assertThat(h.autoscaler.latest(web).orElseThrow().reason()).isEqualTo(Reason.ACTIVATED);
    assertThat(scaled().get(0).message())
        .startsWith("replicas 0 -> 1 (ACTIVATED)")
        .contains(AutoscaleDecision.ROUTER);

    h.autoscaler.coldStarted(web, 420);
    assertThat(h.status("shop", "production").services().get(0).autoscale().coldStartMillis())
        .isEqualTo(420L);
  }

  @Test
  void aServiceThatKeepsAReplicaIsNotHeldFor() {
    apply("{type: http, targetConcurrency: 10}");
    poll(1);
    assertThat(h.autoscaler.scalesFromZero(web)).isNull();
  }
}
