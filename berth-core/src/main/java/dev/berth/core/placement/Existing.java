package dev.berth.core.placement;

/**
 * A replica already running on a node: its requests count against the node, and it counts for its
 * service's spread. The engine never moves it.
 */
public record Existing(
    String replicaId, String service, String node, long cpuMillis, long memoryBytes) {
  public Existing {
    if (replicaId == null || service == null || node == null) {
      throw new IllegalArgumentException("an existing placement needs a replica, service and node");
    }
    if (cpuMillis < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException(
          "existing replica " + replicaId + ": requests must not be negative");
    }
  }
}
