package dev.berth.core.placement;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A replica to place.
 *
 * <p>Invariants: id and service are not blank; requests are {@code > 0} (as {@code
 * dev.berth.core.model.Resources} guarantees for every service).
 *
 * @param nodeSelector labels a node must all carry (empty: any node)
 * @param tolerations taints the replica tolerates
 */
public record Replica(
    String id,
    String service,
    long cpuMillis,
    long memoryBytes,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Spread spread) {

  public Replica {
    if (id == null || id.isBlank() || service == null || service.isBlank()) {
      throw new IllegalArgumentException("a replica needs an id and a service");
    }
    if (cpuMillis <= 0 || memoryBytes <= 0) {
      throw new IllegalArgumentException(
          "replica "
              + id
              + ": requests must be positive, got cpu="
              + cpuMillis
              + "m memory="
              + memoryBytes
              + " bytes; set the service's resources");
    }
    nodeSelector = Map.copyOf(Objects.requireNonNull(nodeSelector, "nodeSelector"));
    tolerations = List.copyOf(Objects.requireNonNull(tolerations, "tolerations"));
    Objects.requireNonNull(spread, "spread");
  }

  /** A replica without selector, tolerations or spread. */
  public static Replica of(String id, String service, long cpuMillis, long memoryBytes) {
    return new Replica(id, service, cpuMillis, memoryBytes, Map.of(), List.of(), Spread.NONE);
  }

  /** This replica with another spread. */
  public Replica withSpread(Spread s) {
    return new Replica(id, service, cpuMillis, memoryBytes, nodeSelector, tolerations, s);
  }

  /** This replica with another node selector. */
  public Replica withNodeSelector(Map<String, String> selector) {
    return new Replica(id, service, cpuMillis, memoryBytes, selector, tolerations, spread);
  }

  /** This replica with other tolerations. */
  public Replica withTolerations(List<Toleration> t) {
    return new Replica(id, service, cpuMillis, memoryBytes, nodeSelector, t, spread);
  }
}
