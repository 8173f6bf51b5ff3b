package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyLocks;
import dev.berth.engine.app.ApplyOptions;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.Wake;
import dev.berth.engine.artifact.BuildRequest;
import dev.berth.engine.artifact.BuildResult;
import dev.berth.engine.artifact.Builder;
import dev.berth.engine.runtime.RunAsPolicy;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.artifact.PassThroughBuilder;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apply lock in the store, with two control planes ({@link ApplyService}s) on one store: a held
 * lock refuses the other's apply and says who holds it since when; a dead holder's lock lapses and
 * is taken over; {@code berth unlock} breaks it, and the apply that held it then commits nothing.
 */
class ApplyLockScenarioTest {
  static final String SPEC =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web
      """;
  static final String BUILT = SPEC + "build:\n  command: make\n";

  @TempDir Path app;
  EngineHarness h;
  ApplyService other; // a second control plane on the same store
  final EnvironmentKey env = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    other = controlPlane(new PassThroughBuilder());
  }

  ApplyService controlPlane(Builder builder) {
    return new ApplyService(
        h.store,
        h.bus,
        Wake.of(h.queue::add, h.releaseQueue::add),
        h.clock,
        RunAsPolicy.UNSUPPORTED,
        h.code,
        builder);
  }

  ApplyRequest request(String yaml) {
    return new ApplyRequest(
        "berth.yaml", yaml, null, app.toString(), "production", EngineHarness.ACTOR, "", "", null);
  }

  @Test
  void aLockHeldByAnotherControlPlaneRefusesTheApplyNamingItsHolder() {
    EnvironmentLock held = h.apply.locks().acquire(env, EngineHarness.ACTOR, "apply");

    assertThatThrownBy(() -> other.apply(request(SPEC)))
        .isInstanceOfSatisfying(
            AppException.class,
            e -> {
              assertThat(e.code()).isEqualTo("environment_locked");
              assertThat(e.details()).hasSize(1);
              @SuppressWarnings("unchecked")
              Map<String, Object> d = (Map<String, Object>) e.details().get(0);
              assertThat(d)
                  .containsEntry("holder", "tester (token test)")
                  .containsEntry("instance", h.apply.locks().instance())
                  .containsEntry("acquiredAt", held.acquiredAt().toString());
            })
        .hasMessageContaining("is locked by tester")
        .hasMessageContaining("berth unlock --env production");
    assertThat(h.store.read((dev.berth.engine.store.StoreTx tx) -> tx.environments().get(env)))
        .isEmpty();
  }

  @Test
  void failIfLockedRefusesEvenWithinOneControlPlane() {
    h.apply.locks().acquire(env, EngineHarness.ACTOR, "apply");

    assertThatThrownBy(() -> h.apply.apply(request(SPEC), line -> {}, new ApplyOptions(null, true)))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("environment_locked"));
  }

  @Test
  void aDeadControlPlanesLockLapsesAndIsTakenOver() {
    h.apply.locks().acquire(env, EngineHarness.ACTOR, "apply"); // then its control plane dies
    h.clock.advance(ApplyLocks.TTL.minusSeconds(1));
    assertThatThrownBy(() -> other.apply(request(SPEC))).isInstanceOf(AppException.class);

    h.clock.advance(Duration.ofSeconds(1));
    assertThat(other.apply(request(SPEC)).changed()).isTrue();

    assertThat(h.eventTypes()).contains("LockExpired");
    assertThat(other.locks().current(env)).isEmpty(); // released after the apply
  }

  @Test
  void aHeartbeatKeepsALiveHoldersLock() {
    h.apply.locks().acquire(env, EngineHarness.ACTOR, "apply");
    for (int i = 0; i < 6; i++) {
      h.clock.advance(ApplyLocks.HEARTBEAT);
      assertThat(h.apply.locks().heartbeat()).isEqualTo(1);
    }

    assertThatThrownBy(() -> other.apply(request(SPEC)))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("environment_locked"));
  }

  @Test
  void unlockBreaksTheLockAndTheApplyThatHeldItCommitsNothing() {
    PassThroughBuilder pass = new PassThroughBuilder();
    Builder breaksTheLockMidBuild =
        new Builder() {
          @Override
          public BuildResult build(BuildRequest r, Consumer<String> out) {
            assertThat(other.locks().current(env)).isPresent(); // held while the build runs
            other.locks().forceUnlock(env, new dev.berth.engine.app.Actor("ops", "admin"));
            return pass.build(r, out);
          }
        };
    ApplyService slow = controlPlane(breaksTheLockMidBuild);

    assertThatThrownBy(() -> slow.apply(request(BUILT)))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("lock_lost"));

    assertThat(h.store.read((dev.berth.engine.store.StoreTx tx) -> tx.environments().get(env)))
        .isEmpty();
    assertThat(h.eventTypes()).contains("LockBroken");
    assertThat(
            h.store.read((dev.berth.engine.store.StoreTx tx) -> tx.audit().list(null, null, 0, 10)))
        .extracting(AuditEntry::action)
        .contains("unlock");
  }

  @Test
  void unlockOfAnUnlockedEnvironmentSaysSo() {
    assertThat(h.apply.locks().forceUnlock(env, EngineHarness.ACTOR)).isEmpty();
  }

  @Test
  void appliesOfOneControlPlaneStillQueueBehindEachOther() {
    assertThat(h.apply.apply(request(SPEC)).changed()).isTrue();
    assertThat(h.apply.apply(request(SPEC.replace("./web", "./web2"))).changed()).isTrue();
    assertThat(h.apply.locks().current(env)).isEmpty();
  }
}
