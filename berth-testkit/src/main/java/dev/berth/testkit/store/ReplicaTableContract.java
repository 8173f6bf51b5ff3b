package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.pendingReplica;
import static dev.berth.testkit.store.StoreSamples.runningReplica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.ReplicaTable}: round trip with and without an incarnation, oldest
 * first ordering, put-replaces, delete, and no tie to the service table.
 */
public interface ReplicaTableContract extends StoreFixture {
  ServiceKey WEB = new ServiceKey("lms", "production", "web");
  ServiceKey WORKER = new ServiceKey("lms", "production", "worker");

  @Test
  default void pendingReplicaRoundTripsWithNullIncarnationAndStartTime() {
    ReplicaRecord r = pendingReplica("web-1", WEB, at(10));
    inWrite(tx -> tx.replicas().put(r));

    ReplicaRecord got = store().read((StoreTx tx) -> tx.replicas().get("web-1")).orElseThrow();
    assertThat(got).isEqualTo(r);
    assertThat(got.incarnation()).isNull();
    assertThat(got.startedAt()).isNull();
  }

  @Test
  default void runningReplicaRoundTripsEveryField() {
    ReplicaRecord r = runningReplica("web-1", WEB, at(10));
    inWrite(tx -> tx.replicas().put(r));

    assertThat(store().read((StoreTx tx) -> tx.replicas().get("web-1"))).contains(r);
  }

  @Test
  default void anIncarnationOfZerosIsNotNull() {
    ReplicaRecord zeros =
        withIncarnation(pendingReplica("w", WEB, at(1)), new Incarnation(0, 0, 0));
    inWrite(tx -> tx.replicas().put(zeros));

    assertThat(store().read((StoreTx tx) -> tx.replicas().get("w")).orElseThrow().incarnation())
        .isEqualTo(new Incarnation(0, 0, 0));
  }

  @Test
  default void replicasOfAServiceAreListedOldestFirstThenById() {
    inWrite(
        tx -> {
          tx.replicas().put(pendingReplica("web-c", WEB, at(20)));
          tx.replicas().put(pendingReplica("web-b", WEB, at(10)));
          tx.replicas().put(pendingReplica("worker-a", WORKER, at(5)));
          tx.replicas().put(pendingReplica("web-a", WEB, at(20)));
          tx.replicas().put(pendingReplica("web-z", WEB, at(-1000)));
        });

    assertThat(ids(store().read((StoreTx tx) -> tx.replicas().list(WEB))))
        .containsExactly("web-z", "web-b", "web-a", "web-c");
    assertThat(ids(store().read((StoreTx tx) -> tx.replicas().list(WORKER))))
        .containsExactly("worker-a");
    assertThat(
            store()
                .read((StoreTx tx) -> tx.replicas().list(new ServiceKey("lms", "staging", "web"))))
        .isEmpty();
  }

  @Test
  default void allReplicasAreListedOldestFirstAcrossServices() {
    inWrite(
        tx -> {
          tx.replicas().put(pendingReplica("b", WEB, at(30)));
          tx.replicas().put(pendingReplica("c", WORKER, at(10)));
          tx.replicas().put(pendingReplica("a", WEB, at(30)));
          tx.replicas().put(pendingReplica("d", new ServiceKey("shop", "prod", "api"), at(20)));
        });

    assertThat(ids(store().read((StoreTx tx) -> tx.replicas().all())))
        .containsExactly("c", "d", "a", "b");
  }

  @Test
  default void replicasOfOneEnvironmentAreListedOldestFirstWithoutOtherEnvironments() {
    inWrite(
        tx -> {
          tx.replicas().put(pendingReplica("b", WEB, at(30)));
          tx.replicas().put(pendingReplica("c", WORKER, at(10)));
          tx.replicas().put(pendingReplica("a", WEB, at(30)));
          tx.replicas().put(pendingReplica("s", new ServiceKey("lms", "staging", "web"), at(5)));
          tx.replicas()
              .put(pendingReplica("o", new ServiceKey("lmsx", "production", "web"), at(5)));
          tx.replicas().put(pendingReplica("g", WEB.environmentKey().service("gone"), at(20)));
        });

    assertThat(ids(store().read((StoreTx tx) -> tx.replicas().list(WEB.environmentKey()))))
        .containsExactly("c", "g", "a", "b");
    assertThat(
            ids(
                store()
                    .read(
                        (StoreTx tx) -> tx.replicas().list(new EnvironmentKey("lms", "staging")))))
        .containsExactly("s");
    assertThat(store().read((StoreTx tx) -> tx.replicas().list(new EnvironmentKey("x", "y"))))
        .isEmpty();
  }

  @Test
  default void replicaPutReplacesTheWholeRecord() {
    ReplicaRecord first = runningReplica("web-1", WEB, at(10));
    inWrite(tx -> tx.replicas().put(first));
    ReplicaRecord second = first.withPending("Unschedulable", "needs 2 cpu", at(40));
    inWrite(tx -> tx.replicas().put(second));

    List<ReplicaRecord> all = store().read((StoreTx tx) -> tx.replicas().all());
    assertThat(all).containsExactly(second);
    assertThat(all.get(0).state()).isEqualTo(ReplicaState.PENDING);
    assertThat(all.get(0).reason()).isEqualTo("Unschedulable");
  }

  @Test
  default void replicaDeleteRemovesOnlyThatReplica() {
    inWrite(
        tx -> {
          tx.replicas().put(pendingReplica("a", WEB, at(1)));
          tx.replicas().put(pendingReplica("b", WEB, at(2)));
        });

    inWrite(
        tx -> {
          tx.replicas().delete("a");
          tx.replicas().delete("not-there");
        });

    assertThat(store().read((StoreTx tx) -> tx.replicas().get("a"))).isEmpty();
    assertThat(ids(store().read((StoreTx tx) -> tx.replicas().all()))).containsExactly("b");
  }

  @Test
  default void aReplicaNeedsNoServiceRecord() {
    // Replicas outlive their service while they stop: no foreign key ties them together.
    ServiceKey gone = new ServiceKey("never", "stored", "svc");
    inWrite(tx -> tx.replicas().put(pendingReplica("orphan", gone, at(1))));

    assertThat(store().read((StoreTx tx) -> tx.replicas().list(gone))).hasSize(1);
  }

  private static List<String> ids(List<ReplicaRecord> replicas) {
    return replicas.stream().map(ReplicaRecord::id).toList();
  }

  private static ReplicaRecord withIncarnation(ReplicaRecord r, Incarnation inc) {
    return new ReplicaRecord(
        r.id(),
        r.key(),
        r.templateHash(),
        r.cpuMillis(),
        r.memoryBytes(),
        r.state(),
        r.ready(),
        r.restarts(),
        inc,
        r.node(),
        r.startedAt(),
        r.reason(),
        r.message(),
        r.stopRequested(),
        r.createdAt(),
        r.updatedAt(),
        r.readySince());
  }
}
