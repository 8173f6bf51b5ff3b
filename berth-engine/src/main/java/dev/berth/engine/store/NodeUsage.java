package dev.berth.engine.store;

import dev.berth.engine.runtime.ReplicaState;

/**
 * What the replicas placed on one node request, summed: the capacity admission must not hand out
 * again. A replica counts from its admission (it leaves {@link ReplicaState#PENDING}) until its
 * record is deleted or marked {@link ReplicaState#TERMINATED}, with the requests it was admitted
 * with, whatever its service says now; one asked to stop still counts (its process still runs) and
 * is also summed in the {@code stopping*} fields, the part that will come free without anyone
 * deciding anything more.
 *
 * <p>Stores keep this per node as the replicas change, so admission reads one row instead of every
 * replica of the machine; {@link #counts} and {@link #plus} are the definition every store must
 * match (checked by the store contract).
 *
 * @param cpuMillis CPU requests of the counted replicas
 * @param memoryBytes memory requests of the counted replicas
 * @param replicas how many replicas count
 * @param stoppingCpuMillis the part of {@code cpuMillis} held by replicas asked to stop
 * @param stoppingMemoryBytes the part of {@code memoryBytes} held by replicas asked to stop
 * @param stoppingReplicas how many of the counted replicas are asked to stop
 */
public record NodeUsage(
    long cpuMillis,
    long memoryBytes,
    long replicas,
    long stoppingCpuMillis,
    long stoppingMemoryBytes,
    long stoppingReplicas) {

  public static final NodeUsage NONE = new NodeUsage(0, 0, 0, 0, 0, 0);

  /** Whether a replica holds capacity on its node: admitted and not terminated. */
  public static boolean counts(ReplicaRecord r) {
    return r.state() != ReplicaState.PENDING && r.state() != ReplicaState.TERMINATED;
  }

  /** This usage with {@code r} added if it {@link #counts}. */
  public NodeUsage plus(ReplicaRecord r) {
    if (!counts(r)) {
      return this;
    }
    int stopping = r.stopRequested() ? 1 : 0;
    return new NodeUsage(
        cpuMillis + r.cpuMillis(),
        memoryBytes + r.memoryBytes(),
        replicas + 1,
        stoppingCpuMillis + stopping * r.cpuMillis(),
        stoppingMemoryBytes + stopping * r.memoryBytes(),
        stoppingReplicas + stopping);
  }

  /** The usage of {@code node} computed from scratch: the reference the stores must match. */
  public static NodeUsage sum(Iterable<ReplicaRecord> replicas, String node) {
    NodeUsage u = NONE;
    for (ReplicaRecord r : replicas) {
      if (r.node().equals(node)) {
        u = u.plus(r);
      }
    }
    return u;
  }
}
