package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.spec.SpecLimits;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.MachineReplicas;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceRecord;
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
 * The replicas-per-machine limit (2,000, all projects and environments together): refused at apply,
 * dry run, scale and start when a change would raise the count above it; always allowed when it
 * does not raise the count. Nothing here reconciles: the limit is on the desired state.
 */
class MachineReplicasTest {
  static final int LIMIT = SpecLimits.MAX_REPLICAS_PER_MACHINE;

  @TempDir Path app;
  InMemoryStore store;
  EngineHarness h;

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    store = new InMemoryStore();
    h = new EngineHarness(clock, store, new FakeRuntime(clock));
  }

  /** A project of {@code services} workers with {@code replicas} each, and one env var. */
  static String spec(String project, int services, int replicas, String version) {
    StringBuilder b = new StringBuilder("project: " + project + "\nservices:\n");
    for (int i = 0; i < services; i++) {
      b.append("  w")
          .append(i)
          .append(":\n    type: worker\n    command: ./work\n    replicas: ")
          .append(replicas)
          .append("\n    env: {VERSION: '")
          .append(version)
          .append("'}\n");
    }
    return b.toString();
  }

  ApplyRequest request(String yaml) {
    return new ApplyRequest(
        "berth.yaml",
        yaml,
        null,
        app.toString(),
        "production",
        new dev.berth.engine.app.Actor("tester", "test"),
        "",
        "",
        null);
  }

  int count() {
    return store.read(MachineReplicas::count);
  }

  EnvironmentKey env(String project) {
    return new EnvironmentKey(project, "production");
  }

  @Test
  void theDecisionRefusesOnlyARiseAboveTheLimit() {
    assertThat(MachineReplicas.problem(0, LIMIT, LIMIT)).isEmpty();
    assertThat(MachineReplicas.problem(LIMIT, LIMIT + 1, LIMIT))
        .hasValueSatisfying(m -> assertThat(m).contains("2001 replicas").contains("2000"));
    assertThat(MachineReplicas.problem(LIMIT + 50, LIMIT + 50, LIMIT)).isEmpty();
    assertThat(MachineReplicas.problem(LIMIT + 50, LIMIT + 10, LIMIT)).isEmpty();
    assertThat(MachineReplicas.problem(LIMIT + 50, LIMIT + 51, LIMIT)).isPresent();
  }

  @Test
  void applyAndDryRunAreRefusedAboveTheLimitAndChangeNothing() {
    h.apply.apply(request(spec("big", 20, 100, "1"))); // 2,000: exactly the limit
    assertThat(count()).isEqualTo(LIMIT);

    String one = spec("small", 1, 1, "1");
    for (Runnable call :
        List.<Runnable>of(
            () -> h.apply.apply(request(one)), () -> h.apply.validate(request(one)))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              AppException.class,
              e -> {
                assertThat(e.code()).isEqualTo("replica_limit");
                assertThat(e.kind()).isEqualTo(AppException.Kind.CONFLICT);
                assertThat(e.getMessage()).contains("2001 replicas").contains("limit of 2000");
              });
    }
    boolean stored = store.read(tx -> tx.environments().get(env("small")).isPresent());
    assertThat(stored).isFalse();
    assertThat(count()).isEqualTo(LIMIT);

    // a new version with the same counts, and a smaller one, are fine at the limit
    h.apply.apply(request(spec("big", 20, 100, "2")));
    h.apply.apply(request(spec("big", 20, 99, "3")));
    assertThat(count()).isEqualTo(LIMIT - 20);
    h.apply.apply(request(one));
    assertThat(count()).isEqualTo(LIMIT - 19);
  }

  @Test
  void scaleAndStartAreRefusedAboveTheLimitStopIsNot() {
    h.apply.apply(request(spec("big", 20, 100, "1")));
    h.apply.apply(request(spec("small", 1, 0, "1")));

    assertThatThrownBy(
            () ->
                h.commands.scale(
                    new dev.berth.engine.app.Actor("tester", "test"),
                    env("small"),
                    Map.of("w0", 1)))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("replica_limit"));
    assertThat(count()).isEqualTo(LIMIT);

    h.commands.stop(
        new dev.berth.engine.app.Actor("tester", "test"), env("big"), List.of("w0")); // -100
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"), env("small"), Map.of("w0", 100));
    assertThat(count()).isEqualTo(LIMIT);
    assertThatThrownBy(
            () ->
                h.commands.start(
                    new dev.berth.engine.app.Actor("tester", "test"), env("big"), List.of("w0")))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("replica_limit"));
    assertThat(
            store.read(tx -> tx.services().get(env("big").service("w0"))).orElseThrow().stopped())
        .isTrue();
    // one scale that lowers one service and raises another by as much is fine at the limit
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"), env("small"), Map.of("w0", 0));
    h.commands.start(new dev.berth.engine.app.Actor("tester", "test"), env("big"), List.of("w0"));
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"), env("big"), Map.of("w0", 50));
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"), env("small"), Map.of("w0", 50));
    assertThat(count()).isEqualTo(LIMIT);
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"), env("big"), Map.of("w0", 100, "w1", 50));
    assertThat(count()).isEqualTo(LIMIT);
  }

  @Test
  void aMachineAlreadyAboveTheLimitMayStillApplyWhatDoesNotRaiseIt() {
    h.apply.apply(request(spec("big", 20, 100, "1")));
    h.apply.apply(request(spec("small", 1, 0, "1")));
    // above the limit, as after a lower limit: written directly, as no call would allow it
    store.write(
        tx -> {
          ServiceRecord r = tx.services().get(env("small").service("w0")).orElseThrow();
          tx.services().put(r.withReplicas(60, r.updatedAt()));
          return null;
        });
    assertThat(count()).isEqualTo(LIMIT + 60);

    // a new version with the same counts, a scale down and a stop all go through
    h.apply.apply(request(spec("big", 20, 100, "2")));
    assertThat(count()).isEqualTo(LIMIT + 60);
    h.commands.scale(
        new dev.berth.engine.app.Actor("tester", "test"), env("small"), Map.of("w0", 50));
    h.commands.stop(new dev.berth.engine.app.Actor("tester", "test"), env("big"), List.of("w1"));
    assertThat(count()).isEqualTo(LIMIT + 50 - 100);
    // starting again would raise the count above the limit
    assertThatThrownBy(
            () ->
                h.commands.start(
                    new dev.berth.engine.app.Actor("tester", "test"), env("big"), List.of("w1")))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("replica_limit"));
  }
}
