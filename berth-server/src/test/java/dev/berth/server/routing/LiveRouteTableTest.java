package dev.berth.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.Resources;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.router.Backend;
import dev.berth.testkit.store.InMemoryStore;
import dev.berth.testkit.store.StoreSamples;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LiveRouteTableTest {

  private static final Instant T0 = StoreSamples.T0;
  private static final EnvironmentKey PROD = new EnvironmentKey("lms", "production");
  private static final ServiceKey WEB = PROD.service("web");

  private final InMemoryStore store = new InMemoryStore();
  private final CountingStore counting = new CountingStore(store);
  private final Map<String, ReplicaStatus> statuses = new ConcurrentHashMap<>();
  private final LiveRouteTable table =
      new LiveRouteTable(counting, id -> Optional.ofNullable(statuses.get(id)));

  @Test
  void aReplicaIsRoutedOnceItsReadinessChangeIsApplied() {
    environment(PROD);
    webService(WEB);
    replica("r1", WEB);
    table.refreshAll();
    assertThat(table.backends(WEB)).contains(List.of());

    ready("r1", 40001);
    assertThat(table.backends(WEB)).as("not applied yet").contains(List.of());
    table.replicaChanged("r1");
    assertThat(table.hasChanges()).isTrue();
    table.applyChanges();

    // the backend carries its template: the router counts its answers for that release
    assertThat(table.backends(WEB))
        .contains(List.of(new Backend("r1", "127.0.0.1", 40001, "hash")));
    assertThat(table.hasChanges()).isFalse();
  }

  @Test
  void aStatusReportThatChangesNoRouteCostsNothing() {
    environment(PROD);
    webService(WEB);
    replica("r1", WEB);
    ready("r1", 40001);
    table.refreshAll();
    counting.takeRecordsRead();

    table.replicaChanged(status("r1", 40001, true)); // a usage sample: same readiness and port
    assertThat(table.hasChanges()).isFalse();
    table.applyChanges();
    assertThat(counting.takeRecordsRead()).isZero();

    table.replicaChanged(status("r1", 40002, true)); // restarted on another port
    assertThat(table.hasChanges()).isTrue();
    table.replicaChanged(status("r9", 40009, false)); // unready and never routed: no route changes
    statuses.put("r1", status("r1", 40002, true));
    table.applyChanges();
    assertThat(table.backends(WEB).orElseThrow()).extracting(Backend::port).containsExactly(40002);

    table.replicaChanged(status("r1", 40002, false));
    assertThat(table.hasChanges()).isTrue();
  }

  @Test
  void aStatusThatChangesWhileItsServiceIsReadIsNotLost() {
    environment(PROD);
    webService(WEB);
    replica("r1", WEB);
    ready("r1", 40001);
    AtomicReference<LiveRouteTable> tableRef = new AtomicReference<>();
    AtomicBoolean reported = new AtomicBoolean();
    LiveRouteTable racing =
        new LiveRouteTable(
            counting,
            id -> {
              ReplicaStatus seen = statuses.get(id);
              if (reported.compareAndSet(false, true)) {
                // The runtime reports r1 unready just after the table read it as ready: the cache
                // is updated first, then the listener hears of it, before the routes are published.
                statuses.put(id, status(id, 40001, false));
                tableRef.get().replicaChanged(statuses.get(id));
              }
              return Optional.ofNullable(seen);
            });
    tableRef.set(racing);

    racing.refreshAll();
    assertThat(racing.hasChanges()).as("the change found after publishing").isTrue();
    racing.applyChanges();

    assertThat(racing.backends(WEB)).contains(List.of());
  }

  @Test
  void aReplicaLeavesWhenUnreadyOrAskedToStop() {
    environment(PROD);
    webService(WEB);
    replica("r1", WEB);
    replica("r2", WEB);
    ready("r1", 40001);
    ready("r2", 40002);
    table.refreshAll();
    assertThat(table.backends(WEB).orElseThrow()).hasSize(2);

    statuses.put("r1", status("r1", 40001, false));
    table.replicaChanged("r1");
    table.applyChanges();
    assertThat(table.backends(WEB).orElseThrow())
        .extracting(Backend::replicaId)
        .containsExactly("r2");

    store.write(
        tx -> {
          tx.replicas().put(tx.replicas().get("r2").orElseThrow().withStopRequested(T0));
          return null;
        });
    table.onEvent(Event.of(T0, WEB, "r2", "ReplicaStopping", "scaled down"));
    table.applyChanges();
    assertThat(table.backends(WEB)).contains(List.of());
  }

  @Test
  void aNewReplicaOfAServiceNotYetSeenIsFoundByItsId() {
    environment(PROD);
    table.refreshAll();
    webService(WEB); // applied, but its event is not applied yet
    replica("r1", WEB);
    ready("r1", 40001);

    table.replicaChanged("r1");
    table.applyChanges();

    assertThat(table.backends(WEB).orElseThrow())
        .extracting(Backend::replicaId)
        .containsExactly("r1");
  }

  @Test
  void anEnvironmentEventAddsAndRemovesItsServices() {
    environment(PROD);
    webService(WEB);
    table.refreshAll();
    ServiceKey api = PROD.service("api");
    webService(api);
    table.onEvent(Event.of(T0, PROD, "Applied", "v2"));
    table.applyChanges();
    assertThat(table.backends(api)).isPresent();

    store.write(
        tx -> {
          tx.environments().delete(PROD);
          return null;
        });
    table.onEvent(Event.of(T0, PROD, "Destroyed", "environment destroyed"));
    assertThat(table.applyChanges()).containsExactlyInAnyOrder(WEB, api);

    assertThat(table.backends(WEB)).isEmpty();
    assertThat(table.backends(api)).isEmpty();
  }

  @Test
  void aServiceThatIsNoLongerWebLeaves() {
    environment(PROD);
    webService(WEB);
    table.refreshAll();
    store.write(
        tx -> {
          tx.services()
              .put(
                  new ServiceRecord(WEB, StoreSamples.cronSpec("web"), "h", "v2", 0, 0, false, T0));
          return null;
        });

    table.serviceChanged(WEB);

    assertThat(table.applyChanges()).containsExactly(WEB);
    assertThat(table.backends(WEB)).isEmpty();
  }

  @Test
  void aFullRebuildCatchesAChangeNobodyReported() {
    environment(PROD);
    webService(WEB);
    replica("r1", WEB);
    table.refreshAll();
    ready("r1", 40001);
    ServiceKey other = new EnvironmentKey("shop", "staging").service("web");
    environment(other.environmentKey());
    webService(other);

    table.refreshAll();

    assertThat(table.backends(WEB).orElseThrow()).hasSize(1);
    assertThat(table.backends(other)).isPresent();
  }

  /**
   * The work of applying one change, counted as the records read from the store, is the same with
   * 10 services on the machine as with 1,000: it depends on the changed service (or environment)
   * alone.
   */
  @Test
  void workPerChangeDoesNotGrowWithTheMachinesServices() {
    long[] small = workPerChange(new LiveRouteTableTest(), 10);
    long[] large = workPerChange(new LiveRouteTableTest(), 1_000);

    assertThat(large).containsExactly(small);
    assertThat(small[0])
        .as("a replica change reads its service and its replicas")
        .isLessThanOrEqualTo(4);
  }

  /** Records read for a replica change, a service event and an environment event. */
  private static long[] workPerChange(LiveRouteTableTest t, int services) {
    int perEnvironment = 10;
    for (int e = 0; e < services / perEnvironment; e++) {
      EnvironmentKey env = new EnvironmentKey("p" + e, "production");
      t.environment(env);
      for (int s = 0; s < perEnvironment; s++) {
        ServiceKey key = env.service("web" + s);
        t.webService(key);
        t.replica(key + "-a", key);
        t.replica(key + "-b", key);
        t.ready(key + "-a", 20_000 + s);
      }
    }
    t.table.refreshAll();
    ServiceKey changed = new EnvironmentKey("p0", "production").service("web3");
    t.counting.takeRecordsRead();

    t.ready(changed + "-b", 30_000);
    t.table.replicaChanged(changed + "-b");
    t.table.applyChanges();
    long replicaChange = t.counting.takeRecordsRead();
    assertThat(t.table.backends(changed).orElseThrow()).hasSize(2);

    t.table.onEvent(Event.of(T0, changed, "", "Scaled", "2 replicas"));
    t.table.applyChanges();
    long serviceChange = t.counting.takeRecordsRead();

    t.table.onEvent(Event.of(T0, changed.environmentKey(), "Applied", "v2"));
    t.table.applyChanges();
    long environmentChange = t.counting.takeRecordsRead();
    return new long[] {replicaChange, serviceChange, environmentChange};
  }

  private void environment(EnvironmentKey key) {
    store.write(
        tx -> {
          tx.environments().put(StoreSamples.environment(key));
          return null;
        });
  }

  private void webService(ServiceKey key) {
    store.write(
        tx -> {
          tx.services().put(StoreSamples.service(key));
          return null;
        });
  }

  private void replica(String id, ServiceKey key) {
    store.write(
        tx -> {
          tx.replicas().put(ReplicaRecord.pending(id, key, "hash", Resources.DEFAULT, T0));
          return null;
        });
  }

  private void ready(String id, int port) {
    statuses.put(id, status(id, port, true));
  }

  private static ReplicaStatus status(String id, int port, boolean ready) {
    return new ReplicaStatus(
        id,
        ReplicaState.RUNNING,
        ready,
        0,
        new Incarnation(1000, 1, port),
        "local",
        T0,
        "",
        "",
        null,
        null,
        -1,
        -1);
  }
}
