package dev.berth.core.placement;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A machine replicas are placed on.
 *
 * <p>Invariants: the name is not blank; capacities are {@code > 0}; allocatable (capacity minus
 * what the system and the runtime reserve) is between 0 and the capacity. Placement only ever
 * counts requests against allocatable; capacity is kept for cost and reporting.
 *
 * @param labels matched by a replica's node selector
 * @param taints repel replicas that do not tolerate them
 */
public record Node(
    String name,
    long capacityCpuMillis,
    long capacityMemoryBytes,
    long allocatableCpuMillis,
    long allocatableMemoryBytes,
    Map<String, String> labels,
    List<Taint> taints) {

  public Node {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a node needs a name");
    }
    if (capacityCpuMillis <= 0 || capacityMemoryBytes <= 0) {
      throw new IllegalArgumentException(
          "node "
              + name
              + ": capacity must be positive, got cpu="
              + capacityCpuMillis
              + "m memory="
              + capacityMemoryBytes
              + " bytes; give the machine's real cpu and memory");
    }
    if (allocatableCpuMillis < 0
        || allocatableMemoryBytes < 0
        || allocatableCpuMillis > capacityCpuMillis
        || allocatableMemoryBytes > capacityMemoryBytes) {
      throw new IllegalArgumentException(
          "node "
              + name
              + ": allocatable must be between 0 and the capacity, got cpu="
              + allocatableCpuMillis
              + "m of "
              + capacityCpuMillis
              + "m, memory="
              + allocatableMemoryBytes
              + " of "
              + capacityMemoryBytes
              + " bytes; lower the system reserve");
    }
    labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    taints = List.copyOf(Objects.requireNonNull(taints, "taints"));
  }

  /** A node whose allocatable is its whole capacity, without labels or taints. */
  public static Node of(String name, long cpuMillis, long memoryBytes) {
    return new Node(name, cpuMillis, memoryBytes, cpuMillis, memoryBytes, Map.of(), List.of());
  }

  /** This node with other labels. */
  public Node withLabels(Map<String, String> newLabels) {
    return new Node(
        name,
        capacityCpuMillis,
        capacityMemoryBytes,
        allocatableCpuMillis,
        allocatableMemoryBytes,
        newLabels,
        taints);
  }

  /** This node with other taints. */
  public Node withTaints(List<Taint> newTaints) {
    return new Node(
        name,
        capacityCpuMillis,
        capacityMemoryBytes,
        allocatableCpuMillis,
        allocatableMemoryBytes,
        labels,
        newTaints);
  }
}
