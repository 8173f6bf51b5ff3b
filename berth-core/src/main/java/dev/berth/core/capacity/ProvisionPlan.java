package dev.berth.core.capacity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node pool the planner would provision, where each replica goes, and what it costs.
 *
 * <p>Invariants: every replica given is in exactly one node or in {@link #unplaced}; a node's
 * requests fit what its type offers ({@link ProvisionOptions#usable}); {@code microsPerHour} is the
 * sum of the nodes' prices; {@code lowerBoundMicros <= microsPerHour} whenever nothing is unplaced.
 *
 * @param nodes the nodes, named {@code <type>-<n>}, in order of type name then number
 * @param unplaced replicas no type can hold, each with why and what to do
 * @param microsPerHour the pool's price, micro-dollars per hour
 * @param lowerBoundMicros the covering bound of the placed replicas' requests ({@link LowerBound})
 * @param source where the catalog's prices come from
 */
public record ProvisionPlan(
    List<PlannedNode> nodes,
    List<Unplaced> unplaced,
    long microsPerHour,
    double lowerBoundMicros,
    String source) {

  /** AWS bills a month as 730 hours. */
  public static final int HOURS_PER_MONTH = 730;

  public ProvisionPlan {
    nodes = List.copyOf(nodes);
    unplaced = List.copyOf(unplaced);
  }

  /**
   * One node to provision.
   *
   * @param replicas the ids of the replicas it holds
   * @param cpuMillis the sum of their cpu requests
   * @param memoryBytes the sum of their memory requests
   */
  public record PlannedNode(
      String name, InstanceType type, List<String> replicas, long cpuMillis, long memoryBytes) {
    public PlannedNode {
      replicas = List.copyOf(replicas);
    }
  }

  /** A replica no node of the catalog can hold, and why. */
  public record Unplaced(String replicaId, String service, String reason) {}

  /** Nodes of one type. */
  public record Pool(InstanceType type, int count) {
    public long microsPerHour() {
      return type.microsPerHour() * count;
    }
  }

  /** The nodes grouped by type, cheapest type first. */
  public List<Pool> pools() {
    Map<InstanceType, Integer> counts = new LinkedHashMap<>();
    for (PlannedNode n : nodes) {
      counts.merge(n.type(), 1, Integer::sum);
    }
    List<Pool> out = new ArrayList<>();
    counts.forEach((t, c) -> out.add(new Pool(t, c)));
    out.sort(
        java.util.Comparator.comparingLong((Pool p) -> p.type().microsPerHour())
            .thenComparing(p -> p.type().name()));
    return out;
  }

  /** The pool's price for a 730-hour month, in US dollars rounded to cents. */
  public double monthlyCost() {
    return monthly(microsPerHour);
  }

  /** Micro-dollars per hour to dollars per 730-hour month, rounded to cents. */
  public static double monthly(double microsPerHour) {
    return Math.round(microsPerHour * HOURS_PER_MONTH / 10_000.0) / 100.0;
  }
}
