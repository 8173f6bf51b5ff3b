package dev.berth.core.capacity;

import java.util.Objects;

/**
 * How much of each node the planner may fill.
 *
 * <p>A node of type {@code t} offers {@code usable = floor((capacity - reserve) * (1 - headroom))}
 * in cpu and in memory, and at most {@code maxPodsPerNode} replicas. Invariants: {@code 0 <=
 * headroom < 1}; {@code maxPodsPerNode >= 1}.
 *
 * @param headroom the fraction of every node's allocatable left free, for a rolling deploy's extra
 *     replicas and for bursts (Karpenter leaves none; Berth's default is 10%)
 * @param maxPodsPerNode the most replicas on one node (kubelet's default {@code maxPods} is 110)
 * @param reserve what each node keeps for the system
 */
public record ProvisionOptions(double headroom, int maxPodsPerNode, SystemReserve reserve) {

  /** kubelet's default {@code maxPods}. */
  public static final int KUBELET_MAX_PODS = 110;

  /** 10% headroom, 110 replicas per node, GKE's reserve formula. */
  public static final ProvisionOptions DEFAULT =
      new ProvisionOptions(0.10, KUBELET_MAX_PODS, SystemReserve.standard());

  public ProvisionOptions {
    if (!(headroom >= 0 && headroom < 1)) {
      throw new IllegalArgumentException(
          "headroom must be at least 0% and below 100%, got " + headroom * 100 + "%");
    }
    if (maxPodsPerNode < 1) {
      throw new IllegalArgumentException(
          "max replicas per node must be at least 1, got " + maxPodsPerNode);
    }
    Objects.requireNonNull(reserve, "reserve");
  }

  /** What a node of this type can hold; cpu or memory is 0 when the reserve eats the machine. */
  public Usable usable(InstanceType t) {
    long cpu = Math.max(0, t.cpuMillis() - reserve.cpuMillis(t));
    long mem = Math.max(0, t.memoryBytes() - reserve.memoryBytes(t));
    return new Usable((long) (cpu * (1 - headroom)), (long) (mem * (1 - headroom)), maxPodsPerNode);
  }

  /** Room on one node for requests. */
  public record Usable(long cpuMillis, long memoryBytes, int pods) {
    public boolean fits(long cpu, long mem, int count) {
      return cpu <= cpuMillis && mem <= memoryBytes && count <= pods;
    }
  }
}
