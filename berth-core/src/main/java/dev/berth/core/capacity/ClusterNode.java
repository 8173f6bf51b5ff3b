package dev.berth.core.capacity;

import dev.berth.core.placement.Replica;
import java.util.List;
import java.util.Objects;

/**
 * A running node, as consolidation sees it: its type (for its price and size) and the replicas on
 * it.
 */
public record ClusterNode(String name, InstanceType type, List<Replica> replicas) {
  public ClusterNode {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a node needs a name");
    }
    Objects.requireNonNull(type, "type");
    replicas = List.copyOf(replicas);
  }

  public long cpuMillis() {
    return replicas.stream().mapToLong(Replica::cpuMillis).sum();
  }

  public long memoryBytes() {
    return replicas.stream().mapToLong(Replica::memoryBytes).sum();
  }
}
