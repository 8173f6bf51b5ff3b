package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.Actor;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyLocks;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import dev.berth.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The apply lock across two control planes on one PostgreSQL database: each has its own store (its
 * own connection pool) and its own {@link ApplyLocks}, as two {@code berth up} processes would.
 */
class PostgresApplyLockIT {
  private final String schema = TestPostgres.newSchema();
  private final MutableClock clock = MutableClock.atEpoch2026();
  private final EnvironmentKey env = new EnvironmentKey("shop", "production");
  private Store storeA;
  private Store storeB;
  private ApplyLocks a;
  private ApplyLocks b;

  @BeforeEach
  void open() {
    storeA = Stores.openPostgres(TestPostgres.url(schema));
    storeB = Stores.openPostgres(TestPostgres.url(schema));
    a = new ApplyLocks(storeA, new EventBus(), clock, "cp-a");
    b = new ApplyLocks(storeB, new EventBus(), clock, "cp-b");
  }

  @AfterEach
  void close() {
    storeA.close();
    storeB.close();
    TestPostgres.dropSchema(schema);
  }

  @Test
  void aLockTakenByOneControlPlaneRefusesTheOther() {
    EnvironmentLock held = a.acquire(env, Actor.of("alice", "ci"), "apply");

    assertThatThrownBy(() -> b.acquire(env, Actor.of("bob", "ci"), "apply"))
        .isInstanceOfSatisfying(
            AppException.class, e -> assertThat(e.code()).isEqualTo("environment_locked"))
        .hasMessageContaining("alice");
    assertThat(b.current(env)).contains(held);

    a.release(held);
    assertThat(b.acquire(env, Actor.of("bob", "ci"), "apply").instance()).isEqualTo("cp-b");
  }

  @Test
  void ofManyConcurrentAcquiresOnTwoDatabasesConnectionsExactlyOneWins() throws Exception {
    int n = 16;
    CyclicBarrier together = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<Boolean>> tries = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ApplyLocks side = i % 2 == 0 ? a : b;
        tries.add(
            pool.submit(
                () -> {
                  together.await(30, TimeUnit.SECONDS);
                  try {
                    side.acquire(env, Actor.of("u", "t"), "apply");
                    return true;
                  } catch (AppException e) {
                    return false;
                  }
                }));
      }
      int won = 0;
      for (Future<Boolean> f : tries) {
        won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKilledControlPlanesLockLapsesAndIsTakenOverWithAnEvent() {
    EnvironmentLock dead = a.acquire(env, Actor.of("alice", "ci"), "apply");
    // control plane A is killed: no heartbeat, no release
    clock.advance(ApplyLocks.TTL.minusMillis(1));
    assertThatThrownBy(() -> b.acquire(env, Actor.of("bob", "ci"), "apply"))
        .isInstanceOf(AppException.class);
    assertThat(b.heartbeat()).isZero(); // B's heartbeat does not keep A's lock alive

    clock.advance(java.time.Duration.ofMillis(1));
    EnvironmentLock taken = b.acquire(env, Actor.of("bob", "ci"), "apply");

    assertThat(taken.instance()).isEqualTo("cp-b");
    List<Event> events =
        storeB.read((StoreTx tx) -> tx.events().list(new EventQuery("shop", null, null, 0, 10)));
    assertThat(events).extracting(Event::type).contains("LockExpired");
    a.release(dead); // A coming back late does not release B's lock
    assertThat(a.current(env)).contains(taken);
  }

  @Test
  void aHeartbeatKeepsTheLockAcrossItsTtl() {
    a.acquire(env, Actor.of("alice", "ci"), "apply");
    for (int i = 0; i < 5; i++) {
      clock.advance(ApplyLocks.HEARTBEAT);
      assertThat(a.heartbeat()).isEqualTo(1);
    }
    assertThatThrownBy(() -> b.acquire(env, Actor.of("bob", "ci"), "apply"))
        .isInstanceOf(AppException.class);
  }

  @Test
  void unlockFromTheOtherControlPlaneBreaksItAtOnce() {
    a.acquire(env, Actor.of("alice", "ci"), "apply");

    assertThat(b.forceUnlock(env, Actor.of("ops", "admin"))).isPresent();

    assertThat(a.current(env)).isEmpty();
    assertThat(b.acquire(env, Actor.of("bob", "ci"), "apply").instance()).isEqualTo("cp-b");
  }
}
