package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.environment;
import static dev.berth.testkit.store.StoreSamples.pendingReplica;
import static dev.berth.testkit.store.StoreSamples.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.Store#write} and {@link dev.berth.engine.store.Store#read}: all or
 * nothing, read-your-writes, isolation from other threads, read-only reads, and the misuse that is
 * refused (nested calls, a transaction used after its function returned).
 */
public interface TransactionContract extends StoreFixture {
  EnvironmentKey TX_PROD = new EnvironmentKey("lms", "production");
  EnvironmentKey TX_STAGING = new EnvironmentKey("lms", "staging");

  @Test
  default void anExceptionInsideWriteKeepsNothingAndPropagatesUnchanged() {
    EnvironmentRecord prod = environment(TX_PROD);
    inWrite(tx -> tx.environments().put(prod));
    RuntimeException boom = new IllegalArgumentException("boom");

    assertThatThrownBy(() -> inWrite(tx -> changeEveryTableThen(tx, () -> boom))).isSameAs(boom);

    assertOnlyEnvironmentIs(prod);
    Event next = store().write((StoreTx tx) -> tx.events().append(event("after")));
    assertThat(store().read((StoreTx tx) -> tx.events().list(all()))).containsExactly(next);
  }

  @Test
  default void anErrorInsideWriteKeepsNothingEither() {
    EnvironmentRecord prod = environment(TX_PROD);
    inWrite(tx -> tx.environments().put(prod));
    AssertionError error = new AssertionError("an Error, not an Exception");

    assertThatThrownBy(() -> inWrite(tx -> changeEveryTableThen(tx, () -> error))).isSameAs(error);

    assertOnlyEnvironmentIs(prod);
  }

  @Test
  default void writeAndReadReturnTheValueOfTheirFunction() {
    assertThat(store().write((StoreTx tx) -> "written")).isEqualTo("written");
    assertThat(store().read((StoreTx tx) -> 42)).isEqualTo(42);
  }

  @Test
  default void aWriteSeesItsOwnChanges() {
    seedEnvironments(TX_PROD);
    Event before = store().write((StoreTx tx) -> tx.events().append(event("before")));

    inWrite(
        tx -> {
          tx.environments().put(environment(TX_STAGING));
          assertThat(tx.environments().get(TX_STAGING)).isPresent();
          assertThat(tx.environments().list()).hasSize(2);
          tx.services().put(service(TX_STAGING.service("web")));
          assertThat(tx.services().list(TX_STAGING)).hasSize(1);
          tx.replicas().put(pendingReplica("r1", TX_STAGING.service("web"), at(1)));
          assertThat(tx.replicas().all()).hasSize(1);
          Event inside = tx.events().append(event("inside"));
          assertThat(tx.events().list(all())).containsExactly(before, inside);
          assertThat(tx.events().list(new EventQuery(null, null, null, 0, 1)))
              .containsExactly(inside);
          tx.tokens().add("admin", "ab".repeat(32), at(1));
          assertThat(tx.tokens().findByHash("ab".repeat(32))).isPresent();
          tx.environments().delete(TX_PROD);
          assertThat(tx.environments().get(TX_PROD)).isEmpty();
          tx.replicas().delete("r1");
          assertThat(tx.replicas().get("r1")).isEmpty();
        });
  }

  @Test
  default void otherThreadsDoNotSeeAWriteBeforeItCommits() {
    inWrite(
        tx -> {
          tx.environments().put(environment(TX_PROD));
          tx.events().append(event("uncommitted"));
          List<Object> seen = readOnAnotherThread();
          assertThat(seen).containsExactly(List.of(), List.of());
        });

    assertThat(readOnAnotherThread()).allSatisfy(list -> assertThat((List<?>) list).hasSize(1));
  }

  @Test
  default void readRefusesEveryChange() {
    List<Consumer<StoreTx>> changes =
        List.of(
            tx -> tx.environments().put(environment(TX_PROD)),
            tx -> tx.environments().delete(TX_PROD),
            tx -> tx.services().put(service(TX_PROD.service("web"))),
            tx -> tx.services().delete(TX_PROD.service("web")),
            tx -> tx.replicas().put(pendingReplica("r", TX_PROD.service("web"), at(1))),
            tx -> tx.replicas().delete("r"),
            tx -> tx.events().append(event("x")),
            tx -> tx.tokens().add("admin", "cd".repeat(32), at(1)));
    for (Consumer<StoreTx> change : changes) {
      assertThatThrownBy(
              () ->
                  store()
                      .read(
                          (StoreTx tx) -> {
                            change.accept(tx);
                            return null;
                          }))
          .isInstanceOf(IllegalStateException.class);
    }

    assertThat(store().read((StoreTx tx) -> tx.environments().list())).isEmpty();
    assertThat(store().read((StoreTx tx) -> tx.replicas().all())).isEmpty();
    assertThat(store().read((StoreTx tx) -> tx.events().list(all()))).isEmpty();
    assertThat(store().read((StoreTx tx) -> tx.tokens().list())).isEmpty();
  }

  @Test
  default void callingTheStoreFromInsideATransactionIsRefused() {
    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> {
                      tx.environments().put(environment(TX_PROD));
                      store().write(inner -> inner.events().append(event("nested")));
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store().write((StoreTx tx) -> store().read(inner -> 1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store().read((StoreTx tx) -> store().read(inner -> 1)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store().read((StoreTx tx) -> tx.environments().list())).isEmpty();
    assertThat(store().read((StoreTx tx) -> tx.events().list(all()))).isEmpty();
    inWrite(tx -> tx.environments().put(environment(TX_PROD)));
    assertThat(store().read((StoreTx tx) -> tx.environments().list())).hasSize(1);
  }

  @Test
  default void aTransactionUsedAfterItsFunctionReturnedIsRefused() {
    StoreTx leakedWrite = store().write((StoreTx tx) -> tx);
    StoreTx leakedRead = store().read((StoreTx tx) -> tx);

    assertThatThrownBy(() -> leakedWrite.environments().put(environment(TX_PROD)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> leakedWrite.events().list(all()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> leakedRead.replicas().all()).isInstanceOf(IllegalStateException.class);
    assertThat(store().read((StoreTx tx) -> tx.environments().list())).isEmpty();
  }

  private void changeEveryTableThen(StoreTx tx, java.util.function.Supplier<Throwable> failure) {
    tx.environments().put(environment(TX_STAGING));
    tx.services().put(service(TX_STAGING.service("web")));
    tx.replicas().put(pendingReplica("r1", TX_STAGING.service("web"), at(1)));
    tx.events().append(event("lost"));
    tx.tokens().add("admin", "ef".repeat(32), at(1));
    tx.environments().delete(TX_PROD);
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    throw (Error) t;
  }

  private void assertOnlyEnvironmentIs(EnvironmentRecord prod) {
    store()
        .read(
            (StoreTx tx) -> {
              assertThat(tx.environments().list()).containsExactly(prod);
              assertThat(tx.services().list(TX_STAGING)).isEmpty();
              assertThat(tx.replicas().all()).isEmpty();
              assertThat(tx.events().list(all())).isEmpty();
              assertThat(tx.tokens().list()).isEmpty();
              return null;
            });
  }

  private List<Object> readOnAnotherThread() {
    try {
      return CompletableFuture.supplyAsync(
              () ->
                  store()
                      .read(
                          (StoreTx tx) ->
                              List.<Object>of(tx.environments().list(), tx.events().list(all()))))
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("a read on another thread failed or blocked", e);
    }
  }

  private static EventQuery all() {
    return new EventQuery(null, null, null, 0, 0);
  }

  private static Event event(String message) {
    return new Event(0, at(1), "lms", "production", "", "", "Test", message);
  }
}
