package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.engine.store.StoreTx;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.LockTable} and {@link dev.berth.engine.store.SerialTable}: locks
 * put, replaced, deleted only by their id, extended per control plane; serials counting up per
 * environment, outliving the environment, and rolled back with a failed write.
 */
public interface PlanTablesContract extends StoreFixture {

  private Optional<EnvironmentLock> lock(EnvironmentKey key) {
    return store().read((StoreTx tx) -> tx.locks().get(key));
  }

  private long serial(EnvironmentKey key) {
    return store().read((StoreTx tx) -> tx.serials().get(key));
  }

  @Test
  default void aLockIsStoredWithoutItsEnvironmentAndDeletedOnlyByItsId() {
    EnvironmentKey env = new EnvironmentKey("lms", "production");
    EnvironmentLock a =
        new EnvironmentLock(env, "cp-1-a", "cp-1", "alice", "apply", at(1), at(30_001));
    EnvironmentLock b =
        new EnvironmentLock(env, "cp-2-b", "cp-2", "bob", "apply", at(5), at(35_005));

    assertThat(lock(env)).isEmpty();
    inWrite(tx -> tx.locks().put(a));
    assertThat(lock(env)).contains(a);
    assertThat(store().write((StoreTx tx) -> tx.locks().delete(env, "cp-2-b"))).isFalse();
    assertThat(lock(env)).contains(a);
    inWrite(tx -> tx.locks().put(b)); // a takeover replaces the row
    assertThat(lock(env)).contains(b);
    assertThat(store().write((StoreTx tx) -> tx.locks().delete(env, "cp-2-b"))).isTrue();
    assertThat(lock(env)).isEmpty();
    inWrite(tx -> tx.locks().put(a));
    assertThat(store().write((StoreTx tx) -> tx.locks().delete(env, null))).isTrue();
    assertThat(lock(env)).isEmpty();
  }

  @Test
  default void aHeartbeatExtendsOnlyItsControlPlanesLocks() {
    EnvironmentKey p = new EnvironmentKey("lms", "production");
    EnvironmentKey s = new EnvironmentKey("lms", "staging");
    EnvironmentKey o = new EnvironmentKey("shop", "production");
    inWrite(
        tx -> {
          tx.locks().put(new EnvironmentLock(p, "cp-1-1", "cp-1", "a", "apply", at(1), at(10)));
          tx.locks().put(new EnvironmentLock(s, "cp-1-2", "cp-1", "a", "apply", at(2), at(10)));
          tx.locks().put(new EnvironmentLock(o, "cp-2-1", "cp-2", "b", "apply", at(3), at(10)));
        });

    assertThat(store().write((StoreTx tx) -> tx.locks().extend("cp-1", at(99)))).isEqualTo(2);

    assertThat(lock(p).orElseThrow().expiresAt()).isEqualTo(at(99));
    assertThat(lock(s).orElseThrow().expiresAt()).isEqualTo(at(99));
    assertThat(lock(o).orElseThrow().expiresAt()).isEqualTo(at(10));
    assertThat(lock(p).orElseThrow().acquiredAt()).isEqualTo(at(1));
  }

  @Test
  default void serialsCountUpPerEnvironmentAndOutliveIt() {
    EnvironmentKey p = new EnvironmentKey("lms", "production");
    EnvironmentKey s = new EnvironmentKey("lms", "staging");
    seedEnvironments(p);

    assertThat(serial(p)).isZero();
    assertThat(store().write((StoreTx tx) -> tx.serials().bump(p))).isEqualTo(1);
    assertThat(store().write((StoreTx tx) -> tx.serials().bump(p))).isEqualTo(2);
    assertThat(store().write((StoreTx tx) -> tx.serials().bump(s))).isEqualTo(1);
    inWrite(tx -> tx.environments().delete(p));
    assertThat(serial(p)).isEqualTo(2);
    assertThat(serial(s)).isEqualTo(1);
  }

  @Test
  default void aFailedWriteKeepsNeitherItsBumpNorItsLock() {
    EnvironmentKey p = new EnvironmentKey("lms", "production");
    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> {
                      tx.serials().bump(p);
                      tx.locks().put(new EnvironmentLock(p, "x", "cp", "a", "apply", at(1), at(2)));
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(serial(p)).isZero();
    assertThat(lock(p)).isEmpty();
  }

  @Test
  default void aReadCannotBumpOrLock() {
    EnvironmentKey p = new EnvironmentKey("lms", "production");

    assertThatThrownBy(() -> store().read((StoreTx tx) -> tx.serials().bump(p)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                store()
                    .read(
                        (StoreTx tx) -> {
                          tx.locks()
                              .put(new EnvironmentLock(p, "x", "cp", "a", "apply", at(1), at(2)));
                          return null;
                        }))
        .isInstanceOf(IllegalStateException.class);
  }
}
