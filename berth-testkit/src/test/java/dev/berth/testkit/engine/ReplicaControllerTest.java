package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.status.EnvironmentView;
import dev.berth.engine.app.status.ServiceState;
import dev.berth.engine.app.status.ServiceView;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
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

/** The replica controller and the use cases around it, driven synchronously over fakes. */
class ReplicaControllerTest {
  static final String SPEC =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web
          replicas: 2
        worker:
          type: worker
          command: ./worker
      """;

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
    runtime = new FakeRuntime(clock);
    h = new EngineHarness(clock, store, runtime);
  }

  ServiceView service(String name) {
    return h.status("shop", "production").services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  List<ReplicaRecord> allReplicas() {
    return store.read(tx -> tx.replicas().all());
  }

  List<dev.berth.engine.store.EnvironmentRecord> environments() {
    return store.read(tx -> tx.environments().list());
  }

  List<ReplicaRecord> replicas(ServiceKey key) {
    return store.read(tx -> tx.replicas().list(key));
  }

  @Test
  void applyStartsTheDesiredReplicasAndStatusFollowsReadiness() {
    ApplyResult r = h.apply(SPEC, app, "production");
    assertThat(r.release()).isEqualTo("v1");
    assertThat(r.changes()).extracting("action").containsExactly("created", "created");
    assertThat(runtime.calls()).containsExactly("ensure web-1", "ensure web-2", "ensure worker-3");
    assertThat(service("web").state()).isEqualTo(ServiceState.STARTING);
    assertThat(runtime.spec("web-1").workingDir()).isEqualTo(app);
    assertThat(runtime.spec("web-1").release()).isEqualTo("v1");

    h.readyAll();
    ServiceView web = service("web");
    assertThat(web.state()).isEqualTo(ServiceState.RUNNING);
    assertThat(web.ready()).isEqualTo(2);
    assertThat(web.url()).isEqualTo("http://web.production.shop.localhost:8080/");
    assertThat(web.replicas()).allSatisfy(rv -> assertThat(rv.pid()).isPositive());
    assertThat(h.eventTypes())
        .contains("Applied", "ReplicaCreated", "Scheduled", "ReplicaStarted", "ReplicaReady");
  }

  @Test
  void reapplyingTheSameSpecChangesNothing() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    ApplyResult again = h.apply(SPEC, app, "production");
    assertThat(again.changed()).isFalse();
    assertThat(again.release()).isEqualTo("v1");
    assertThat(runtime.calls()).hasSize(3);
  }

  @Test
  void scaleSurvivesAnUnchangedReapplyButAChangedSpecCountWins() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"),
        new EnvironmentKey("shop", "production"),
        Map.of("web", 4));
    h.runUntilIdle();
    h.readyAll();
    assertThat(service("web").desired()).isEqualTo(4);
    assertThat(service("web").ready()).isEqualTo(4);

    ApplyResult same = h.apply(SPEC, app, "production");
    assertThat(same.changes().get(0).detail())
        .contains("keeping 4 replicas set by berth scale (spec says 2)");
    assertThat(service("web").desired()).isEqualTo(4);

    h.apply(SPEC.replace("replicas: 2", "replicas: 3"), app, "production");
    assertThat(service("web").desired()).isEqualTo(3);
    assertThat(runtime.ids(ReplicaState.TERMINATING)).hasSize(1);
  }

  @Test
  void scaleDownStopsReplicasGracefullyAndForgetsThemOnceGone() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"),
        new EnvironmentKey("shop", "production"),
        Map.of("web", 1));
    h.runUntilIdle();
    assertThat(runtime.calls()).contains("stop web-2");
    assertThat(service("web").replicas()).extracting("state").contains(ReplicaState.TERMINATING);
    h.finishStops();
    assertThat(replicas(web)).extracting(ReplicaRecord::id).containsExactly("web-1");
    assertThat(h.eventTypes()).contains("Scaled", "ReplicaStopping", "ReplicaStopped");
  }

  @Test
  void aScaleNamingAnUnknownServiceChangesNothing() {
    h.apply(SPEC, app, "production");
    assertThatThrownBy(
            () ->
                h.commands.scale(
                    new dev.berth.engine.app.Actor("tester", "test"),
                    new EnvironmentKey("shop", "production"),
                    Map.of("web", 5, "wbe", 1)))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("service 'wbe' does not exist")
        .hasMessageContaining("services: web, worker");
    assertThat(service("web").desired()).isEqualTo(2);
  }

  @Test
  void stopAndStartKeepTheReplicaCount() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    h.commands.stop(
        new dev.berth.engine.app.Actor("tester", "test"),
        new EnvironmentKey("shop", "production"),
        List.of("web"));
    h.runUntilIdle();
    h.finishStops();
    assertThat(service("web").state()).isEqualTo(ServiceState.STOPPED);
    assertThat(replicas(web)).isEmpty();
    h.commands.start(
        new dev.berth.engine.app.Actor("tester", "test"),
        new EnvironmentKey("shop", "production"),
        List.of("web"));
    h.runUntilIdle();
    h.readyAll();
    assertThat(service("web").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service("web").ready()).isEqualTo(2);
  }

  @Test
  void aNewTemplateReplacesReplicasOnlyOnceTheNewOnesAreReady() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    ApplyResult v2 = h.apply(SPEC.replace("./web", "./web --v2"), app, "production");
    assertThat(v2.release()).isEqualTo("v2");
    assertThat(v2.changes().get(0).action()).isEqualTo("updated");
    // rolling, maxSurge 25% of 2 rounds up to 1, maxUnavailable 25% rounds down to 0: one new
    // replica at a time, an old one stops only when a new one is ready
    assertThat(runtime.calls()).contains("ensure web-4").doesNotContain("ensure web-5");
    assertThat(runtime.calls()).doesNotContain("stop web-1", "stop web-2");
    assertThat(service("web").state()).isEqualTo(ServiceState.DEPLOYING);

    runtime.ready("web-4");
    h.runUntilIdle();
    assertThat(runtime.calls()).contains("stop web-2", "ensure web-5").doesNotContain("stop web-1");
    runtime.ready("web-5");
    h.runUntilIdle();
    assertThat(runtime.calls()).contains("stop web-1", "stop web-2");
    h.finishStops();
    assertThat(service("web").release()).isEqualTo("v2");
    assertThat(service("web").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service("worker").release())
        .as("an unchanged service keeps its release")
        .isEqualTo("v1");
  }

  @Test
  void aCrashIsRecordedWithItsReasonAndRestartCount() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    runtime.crash("worker-3", 137, "OOMKilled");
    h.runUntilIdle();
    ServiceView worker = service("worker");
    assertThat(worker.state()).isEqualTo(ServiceState.CRASHING);
    assertThat(worker.replicas().get(0).reason()).isEqualTo("CrashLoopBackOff");
    runtime.restart("worker-3");
    h.runUntilIdle();
    assertThat(service("worker").replicas().get(0).restarts()).isEqualTo(1);
    assertThat(h.published)
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo("ReplicaExited");
              assertThat(e.message()).isEqualTo("exited with code 137 (OOMKilled)");
            });
    assertThat(h.eventTypes())
        .containsSubsequence("ReplicaExited", "CrashLoopBackOff", "ReplicaRestarted");
  }

  @Test
  void replicasThatDoNotFitStayPendingWithAReasonUntilCapacityFrees() {
    runtime.withNode(new NodeCapacity("local", 2000, 4L << 30, 1000, 1L << 30));
    String big =
        """
        project: shop
        services:
          web:
            type: web
            command: ./web
            replicas: 3
            resources: {memory: 400Mi}
        """;
    h.apply(big, app, "production");
    ServiceView view = service("web");
    assertThat(view.state()).isEqualTo(ServiceState.PENDING);
    assertThat(view.replicas())
        .extracting("state")
        .containsExactly(ReplicaState.STARTING, ReplicaState.STARTING, ReplicaState.PENDING);
    assertThat(view.replicas().get(2).reason()).isEqualTo("Insufficient memory");
    assertThat(view.replicas().get(2).message())
        .contains("requests memory 400Mi but 224Mi of 1Gi allocatable is free");
    assertThat(runtime.calls()).hasSize(2);
    assertThat(h.eventTypes()).contains("FailedScheduling");

    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"),
        new EnvironmentKey("shop", "production"),
        Map.of("web", 2));
    h.runUntilIdle();
    assertThat(replicas(web)).hasSize(2).noneMatch(r -> r.state() == ReplicaState.PENDING);
  }

  @Test
  void aRestartedControlPlaneAdoptsRunningReplicasInsteadOfStartingDuplicates() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    Incarnation before = runtime.status("web-1").incarnation();

    runtime.forgetAllButProcesses();
    EngineHarness restarted = new EngineHarness(clock, store, runtime).recover();
    restarted.runUntilIdle();

    assertThat(runtime.calls()).contains("adopt web-1", "adopt web-2", "adopt worker-3");
    assertThat(runtime.status("web-1").incarnation()).isEqualTo(before);
    assertThat(allReplicas()).hasSize(3);
    assertThat(restarted.status("shop", "production").services().get(0).ready()).isEqualTo(2);
  }

  @Test
  void aReplicaWhoseProcessDiedWithTheControlPlaneIsStartedAgainOnce() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    long pid = runtime.status("web-1").incarnation().pid();
    runtime.forgetAllButProcesses();
    runtime.processGone(pid);
    EngineHarness restarted = new EngineHarness(clock, store, runtime).recover();
    restarted.runUntilIdle();
    long ensures = runtime.calls().stream().filter(c -> c.equals("ensure web-1")).count();
    assertThat(ensures).isEqualTo(1);
    assertThat(runtime.calls()).doesNotContain("adopt web-1").contains("adopt web-2");
    assertThat(runtime.status("web-1").incarnation().pid()).isNotEqualTo(pid);
    assertThat(replicas(web)).hasSize(2);
  }

  @Test
  void leftoverReplicasNoRecordClaimsAreStoppedAtStartup() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    long orphan = runtime.status("worker-3").incarnation().pid();
    store.write(
        tx -> {
          tx.replicas().delete("worker-3"); // died after starting it, before recording it
          return null;
        });
    runtime.forgetAllButProcesses(); // kill -9: only the processes survive
    assertThat(runtime.leftovers()).extracting("replicaId").contains("worker-3");

    EngineHarness restarted = new EngineHarness(clock, store, runtime).recover();
    restarted.runUntilIdle();

    assertThat(runtime.calls()).contains("stop worker-3", "adopt web-1", "adopt web-2");
    assertThat(runtime.calls()).doesNotContain("ensure worker-3");
    assertThat(runtime.leftoverPids()).doesNotContain(orphan).isEmpty();
  }

  @Test
  void aLeftoverThatRunsUnderAnotherPidThanRecordedIsAdoptedNotStartedTwice() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    Incarnation recorded = runtime.status("web-1").incarnation();
    runtime.forgetAllButProcesses();
    // web-1 crashed and was restarted as pid 7777 just before the control plane died, before the
    // new pid was recorded
    runtime.processGone(recorded.pid());
    Incarnation actual = new Incarnation(7777, 42, recorded.port());
    runtime.leaveRunning("web-1", actual);

    EngineHarness restarted = new EngineHarness(clock, store, runtime).recover();
    restarted.runUntilIdle();

    assertThat(runtime.calls()).contains("adopt web-1").doesNotContain("stop web-1");
    assertThat(runtime.status("web-1").incarnation()).isEqualTo(actual);
    assertThat(runtime.leftoverPids()).isEmpty(); // nothing runs that no replica tracks
    assertThat(replicas(web)).extracting(ReplicaRecord::id).containsExactly("web-1", "web-2");
  }

  @Test
  void aReplicaTheRuntimeLostIsReplaced() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    runtime.vanish("web-2");
    h.runUntilIdle();
    assertThat(replicas(web)).extracting(ReplicaRecord::id).containsExactly("web-1", "web-4");
    assertThat(h.eventTypes()).contains("ReplicaLost");
  }

  @Test
  void removingAServiceFromTheSpecStopsItsReplicas() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    ApplyResult r =
        h.apply(
            """
            project: shop
            services:
              web:
                type: web
                command: ./web
                replicas: 2
            """,
            app,
            "production");
    assertThat(r.changes()).extracting("action").containsExactly("unchanged", "removed");
    assertThat(runtime.calls()).contains("stop worker-3");
    ServiceView leaving = h.status("shop", "production").services().get(1);
    assertThat(leaving.name()).isEqualTo("worker");
    assertThat(leaving.type()).isEqualTo("removed");
    assertThat(leaving.state()).isEqualTo(ServiceState.STOPPING);
    assertThat(leaving.replicas()).extracting("state").containsExactly(ReplicaState.TERMINATING);
    h.finishStops();
    assertThat(allReplicas()).hasSize(2);
    assertThat(h.status("shop", "production").services()).extracting("name").containsExactly("web");
  }

  @Test
  void destroyStopsEverythingAndForgetsTheEnvironment() {
    h.apply(SPEC, app, "production");
    h.readyAll();
    List<String> services =
        h.destroy.destroy(
            new dev.berth.engine.app.Actor("tester", "test"),
            new EnvironmentKey("shop", "production"));
    assertThat(services).containsExactlyInAnyOrder("web", "worker");
    h.runUntilIdle();
    assertThat(runtime.ids(ReplicaState.TERMINATING)).hasSize(3);
    h.finishStops();
    assertThat(allReplicas()).isEmpty();
    assertThatThrownBy(() -> h.status("shop", "production"))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("is not deployed");
  }

  @Test
  void anInvalidSpecChangesNothingAndReportsEveryProblem() {
    assertThatThrownBy(
            () ->
                h.apply(
                    "project: shop\nservices:\n  web:\n    replica: 2\n    command: x\n    port: 99999\n",
                    app,
                    "production"))
        .isInstanceOfSatisfying(
            AppException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid_spec");
              assertThat(e.details()).hasSizeGreaterThanOrEqualTo(2);
            });
    assertThat(environments()).isEmpty();
  }

  @Test
  void anEnvironmentNameThatCannotBeAHostNameIsRefused() {
    assertThatThrownBy(() -> h.apply(SPEC, app, "My Env"))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("invalid_environment"))
        .hasMessageContaining("'My Env' has upper-case letters");
    assertThat(environments()).isEmpty();
  }

  @Test
  void admissionCountsOutdatedReplicasWithWhatTheyWereAdmittedWith() {
    runtime.withNode(new NodeCapacity("local", 2000, 4L << 30, 1000, 1L << 30));
    String big =
        "project: shop\nservices:\n  web:\n    type: web\n    command: ./web\n    replicas: 1\n    resources: {memory: 700Mi}\n";
    h.apply(big, app, "production");
    h.readyAll();
    // the new version asks for less, but the old replica still holds its 700Mi until replaced:
    // 400Mi does not fit beside it, so it is stopped to make room (one-for-one)
    h.apply(big.replace("700Mi", "400Mi"), app, "production");
    ServiceView view = service("web");
    assertThat(view.replicas())
        .extracting("state")
        .containsExactly(ReplicaState.TERMINATING, ReplicaState.PENDING);
    assertThat(view.replicas().get(1).reason()).isEqualTo("WaitingForStops");
    h.finishStops();
    assertThat(service("web").replicas())
        .extracting("state")
        .containsExactly(ReplicaState.STARTING);
  }

  @Test
  void anUndeclaredEnvironmentIsRefusedWhenEnvironmentsAreDeclared() {
    String spec = SPEC + "environments:\n  production: {target: local}\n";
    assertThatThrownBy(() -> h.apply(spec, app, "staging"))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("environment 'staging' is not declared");
  }

  @Test
  void cronServicesRunNoReplicasAndShowTheirNextRun() {
    ApplyResult applied =
        h.apply(
            """
        project: shop
        services:
          report:
            type: cron
            schedule: "0 2 * * *"
            timezone: Europe/Paris
            command: ./report
        """,
            app,
            "production");
    assertThat(applied.warnings()).isEmpty();
    assertThat(applied.changes())
        .extracting("detail")
        .containsExactly("cron '0 2 * * *' (Europe/Paris)");
    EnvironmentView v = h.status("shop", "production");
    ServiceView report = v.services().get(0);
    assertThat(report.state()).isEqualTo(ServiceState.SCHEDULED);
    assertThat(report.nextRun()).isEqualTo(java.time.Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(runtime.calls()).isEmpty();
    h.advance(Duration.ofHours(2));
    assertThat(h.status("shop", "production").services().get(0).nextRun())
        .isEqualTo(java.time.Instant.parse("2026-01-02T01:00:00Z"));

    assertThatThrownBy(
            () ->
                h.commands.scale(
                    new dev.berth.engine.app.Actor("tester", "test"),
                    new EnvironmentKey("shop", "production"),
                    Map.of("report", 2)))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("'report' is a cron service")
        .hasMessageContaining("each run starts one process");
  }
}
