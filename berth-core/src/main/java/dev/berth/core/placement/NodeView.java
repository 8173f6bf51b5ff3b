package dev.berth.core.placement;

/**
 * What a filter or scorer may look at: a node, the requests already placed on it, and how many
 * replicas of the service being placed it holds. Requests exclude the replica being placed.
 */
public interface NodeView {
  Node node();

  long usedCpuMillis();

  long usedMemoryBytes();

  /** Replicas of the service being placed on this node (existing and placed in this run). */
  int serviceReplicas();

  /** A fixed view, for tests and explanations. */
  static NodeView of(Node node, long usedCpu, long usedMemory, int serviceReplicas) {
    return new Fixed(node, usedCpu, usedMemory, serviceReplicas);
  }

  /** A view that does not change. */
  record Fixed(Node node, long usedCpuMillis, long usedMemoryBytes, int serviceReplicas)
      implements NodeView {}
}
