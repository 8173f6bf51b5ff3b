package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.Admission;
import dev.berth.engine.app.status.ServiceState;
import dev.berth.engine.app.status.ServiceView;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.testkit.MutableClock;
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
 * Admission on a full node, driven synchronously over fakes: a new version replaces the old one
 * one-for-one instead of waiting forever behind it, events say so once, and a service waiting for
 * room is woken when room is made.
 */
class AdmissionScenarioTest {
  @TempDir Path app;
  MutableClock clock;
  InMemoryStore store;
  FakeRuntime runtime;
  EngineHarness h;
  final ServiceKey web = new ServiceKey("shop", "production", "web");

  @BeforeEach
  void setUp() {
    clock = MutableClock.atEpoch2026();
    store = new InMemoryStore();
    // 1 cpu allocatable: two replicas of 400m fit, a third does not
    runtime =
        new FakeRuntime(clock).withNode(new NodeCapacity("local", 2000, 8L << 30, 1000, 4L << 30));
    h = new EngineHarness(clock, store, runtime);
  }

  static String web(String version, int replicas) {
    return """
        project: shop
        services:
          web:
            type: worker
            command: ./web --version %s
            replicas: %d
            resources: {cpu: 400m, memory: 64Mi}
        """
        .formatted(version, replicas);
  }

  ServiceView service(String name) {
    return h.status("shop", "production").services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  List<ReplicaRecord> replicas() {
    return store.read(tx -> tx.replicas().list(web));
  }

  List<Event> events(String type) {
    return h.published.stream().filter(e -> e.type().equals(type)).toList();
  }

  @Test
  void aNewVersionReplacesTheOldOneOneForOneWhenTheNodeCannotRunBoth() {
    h.apply(web("1", 2), app, "production");
    h.readyAll();
    String oldHash = replicas().get(0).templateHash();

    h.apply(web("2", 2), app, "production");

    // one old replica is asked to stop to make room; the new ones wait instead of failing
    assertThat(replicas()).filteredOn(ReplicaRecord::stopRequested).hasSize(1);
    assertThat(events("ReplicaStopping"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("to make room for web-3"));
    assertThat(replicas())
        .filteredOn(r -> r.state() == ReplicaState.PENDING)
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.reason()).isEqualTo(Admission.WAITING_FOR_STOPS));
    assertThat(service("web").state()).isEqualTo(ServiceState.DEPLOYING);
    assertThat(events("FailedScheduling")).isEmpty();

    h.finishStops(); // the old replica is gone: its replacement is placed, the other waits for it
    assertThat(replicas()).filteredOn(r -> r.state() == ReplicaState.STARTING).hasSize(1);
    assertThat(replicas()).filteredOn(ReplicaRecord::stopRequested).isEmpty();

    h.readyAll(); // the replacement is ready: the next old replica makes room
    assertThat(replicas()).filteredOn(ReplicaRecord::stopRequested).hasSize(1);
    h.finishStops();
    h.readyAll();

    assertThat(replicas())
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.templateHash()).isNotEqualTo(oldHash);
              assertThat(r.ready()).isTrue();
            });
    assertThat(service("web").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(events("FailedScheduling")).isEmpty();
    assertThat(events(Admission.WAITING_FOR_STOPS)).hasSize(2); // one per new replica
  }

  @Test
  void aNewVersionThatNeverBecomesReadyTakesDownOnlyOneOldReplica() {
    h.apply(web("1", 2), app, "production");
    h.readyAll();
    h.apply(web("broken", 2), app, "production");
    h.finishStops(); // first replacement placed, never ready
    h.advance(Duration.ofMinutes(5));

    assertThat(replicas())
        .filteredOn(r -> r.ready() && !r.stopRequested())
        .singleElement()
        .satisfies(r -> assertThat(r.id()).isIn("web-1", "web-2"));
    assertThat(events("ReplicaStopping")).hasSize(1);
    assertThat(service("web").state()).isNotEqualTo(ServiceState.PENDING);
  }

  @Test
  void superseededVersionsDoNotFailTheLatestApply() {
    String big =
        """
        project: shop
        services:
          web:
            type: worker
            command: ./web --version %s
            resources: {cpu: 600m}
        """;
    h.apply(big.formatted("1"), app, "production");
    h.readyAll();
    // three applies in a row, none of their replicas ready or stopped in between
    h.apply(big.formatted("2"), app, "production");
    h.apply(big.formatted("3"), app, "production");
    h.apply(big.formatted("4"), app, "production");
    assertThat(service("web").state()).isNotEqualTo(ServiceState.PENDING);
    assertThat(events("FailedScheduling")).isEmpty();

    h.finishStops();
    h.readyAll();
    assertThat(service("web").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(replicas()).singleElement().satisfies(r -> assertThat(r.ready()).isTrue());
    assertThat(runtime.spec(replicas().get(0).id()).command()).contains("--version 4");
  }

  @Test
  void aReplicaThatDoesNotFitGetsOneFailedSchedulingEventWhateverTheNumbersDo() {
    h.apply(web("1", 3), app, "production"); // the third does not fit
    h.readyAll();
    String other =
        """
        project: shop
        services:
          web:
            type: worker
            command: ./web --version 1
            replicas: 3
            resources: {cpu: 400m, memory: 64Mi}
          tiny:
            type: worker
            command: ./tiny
            resources: {cpu: 100m, memory: 4Mi}
        """;
    h.apply(other, app, "production"); // less is free now: the message's numbers change
    h.advance(Duration.ofMinutes(5));
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"),
        new EnvironmentKey("shop", "production"),
        Map.of("tiny", 0));
    h.runUntilIdle();
    h.finishStops();
    h.advance(Duration.ofMinutes(5));

    assertThat(events("FailedScheduling"))
        .singleElement()
        .satisfies(e -> assertThat(e.replica()).isEqualTo("web-3"));
    assertThat(service("web").state()).isEqualTo(ServiceState.PENDING);
  }

  @Test
  void aServiceWaitingForRoomIsPlacedAsSoonAsAnotherServiceMakesRoom() {
    String two =
        """
        project: shop
        services:
          a:
            type: worker
            command: ./a
            resources: {cpu: 700m}
          b:
            type: worker
            command: ./b
            resources: {cpu: 700m}
        """;
    h.apply(two, app, "production");
    h.readyAll();
    assertThat(service("b").state()).isEqualTo(ServiceState.PENDING);

    h.commands.stop(
        new dev.berth.engine.app.Actor("tester", "test"),
        new EnvironmentKey("shop", "production"),
        List.of("a"));
    h.runUntilIdle();
    h.finishStops(); // no time passes: no recheck is due

    assertThat(service("b").replicas())
        .singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo(ReplicaState.STARTING));
  }
}
