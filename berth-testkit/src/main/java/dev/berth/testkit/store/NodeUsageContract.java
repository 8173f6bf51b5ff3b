package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.pendingReplica;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.NodeUsage;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.ReplicaTable#usage}: the per-node sum a store keeps as replicas
 * change equals {@link NodeUsage#sum} over the replicas, after every kind of change, inside the
 * writing transaction and after a rollback.
 */
public interface NodeUsageContract extends StoreFixture {
  ServiceKey USAGE_SVC = new ServiceKey("lms", "production", "usage");

  private NodeUsage usage(String node) {
    return store().read((StoreTx tx) -> tx.replicas().usage(node));
  }

  private static ReplicaRecord placed(String id, String node, long cpu, long mem, int at) {
    return pendingReplica(id, USAGE_SVC, at(at)).withNode(node, at(at));
  }

  private static ReplicaRecord with(
      ReplicaRecord r, ReplicaState state, long cpu, long mem, boolean stop) {
    return new ReplicaRecord(
        r.id(),
        r.key(),
        r.templateHash(),
        cpu,
        mem,
        state,
        r.ready(),
        r.restarts(),
        r.incarnation(),
        r.node(),
        r.startedAt(),
        r.reason(),
        r.message(),
        stop,
        r.createdAt(),
        r.updatedAt(),
        r.readySince());
  }

  @Test
  default void aNodeWithoutReplicasUsesNothing() {
    assertThat(usage("local")).isEqualTo(NodeUsage.NONE);
    inWrite(tx -> tx.replicas().put(pendingReplica("p", USAGE_SVC, at(1))));
    assertThat(usage("local")).isEqualTo(NodeUsage.NONE);
    assertThat(usage("")).isEqualTo(NodeUsage.NONE); // pending replicas hold nothing
  }

  @Test
  default void placedAndStoppingReplicasCountUntilTerminatedOrDeleted() {
    ReplicaRecord a = with(placed("a", "local", 0, 0, 1), ReplicaState.RUNNING, 250, 100, false);
    ReplicaRecord b = with(placed("b", "local", 0, 0, 2), ReplicaState.STARTING, 500, 50, false);
    inWrite(
        tx -> {
          tx.replicas().put(a);
          tx.replicas().put(b);
        });
    assertThat(usage("local")).isEqualTo(new NodeUsage(750, 150, 2, 0, 0, 0));

    inWrite(tx -> tx.replicas().put(b.withStopRequested(at(3))));
    assertThat(usage("local")).isEqualTo(new NodeUsage(750, 150, 2, 500, 50, 1));

    inWrite(tx -> tx.replicas().put(with(b, ReplicaState.TERMINATED, 500, 50, true)));
    assertThat(usage("local")).isEqualTo(new NodeUsage(250, 100, 1, 0, 0, 0));

    inWrite(tx -> tx.replicas().delete("a"));
    assertThat(usage("local")).isEqualTo(new NodeUsage(0, 0, 0, 0, 0, 0));
    assertThat(usage("other")).isEqualTo(NodeUsage.NONE);
  }

  @Test
  default void theUsageIsCurrentInsideTheWritingTransactionAndUndoneByARollback() {
    ReplicaRecord a = with(placed("a", "local", 0, 0, 1), ReplicaState.RUNNING, 250, 100, false);
    inWrite(tx -> tx.replicas().put(a));
    NodeUsage[] seen = new NodeUsage[1];
    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> {
                      tx.replicas().delete("a");
                      tx.replicas()
                          .put(
                              with(
                                  placed("b", "local", 0, 0, 2),
                                  ReplicaState.RUNNING,
                                  1000,
                                  1,
                                  true));
                      seen[0] = tx.replicas().usage("local");
                      throw new IllegalStateException("roll back");
                    }))
        .hasMessageContaining("roll back");

    assertThat(seen[0]).isEqualTo(new NodeUsage(1000, 1, 1, 1000, 1, 1));
    assertThat(usage("local")).isEqualTo(new NodeUsage(250, 100, 1, 0, 0, 0));
  }

  /** Random puts and deletes across two nodes: the kept sum always equals the computed one. */
  @Test
  default void theKeptSumEqualsTheSumOverReplicasAfterRandomChanges() {
    Random random = new Random(7);
    ReplicaState[] states = ReplicaState.values();
    String[] nodes = {"local", "other"};
    for (int round = 0; round < 30; round++) {
      int r = round;
      inWrite(
          tx -> {
            for (int i = 0; i < 8; i++) {
              String id = "r" + random.nextInt(12);
              if (random.nextInt(5) == 0) {
                tx.replicas().delete(id);
                continue;
              }
              ReplicaRecord base =
                  pendingReplica(id, USAGE_SVC, at(r * 100 + i))
                      .withNode(nodes[random.nextInt(2)], at(r));
              tx.replicas()
                  .put(
                      with(
                          base,
                          states[random.nextInt(states.length)],
                          random.nextInt(2000),
                          random.nextInt(1 << 20),
                          random.nextBoolean()));
            }
          });
      List<ReplicaRecord> all = new ArrayList<>(store().read((StoreTx tx) -> tx.replicas().all()));
      for (String node : nodes) {
        assertThat(usage(node))
            .as("round %d, node %s", round, node)
            .isEqualTo(NodeUsage.sum(all, node));
      }
    }
  }
}
