package dev.berth.core.capacity;

import dev.berth.core.capacity.ProvisionOptions.Usable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What each service of an environment costs on the node it runs on, and how much of that pays for
 * idle requests. A pure function of the requests, the sampled usage and the node's price.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A service's <b>share</b> of the node is its dominant share of allocatable: the larger of
 *       {@code requested cpu / allocatable cpu} and {@code requested memory / allocatable memory}
 *       (requests = replicas x per-replica request). A node is paid for by what it reserves, and a
 *       service that takes half the memory keeps others off half the node. If the shares add up to
 *       more than 1 (an overcommitted node), they are scaled down to add up to 1.
 *   <li><b>Allocated cost</b> = node price x share. <b>Unallocated</b> = node price - the sum.
 *   <li><b>Used</b> is the sum of the replicas' sampled usage, scaled up by {@code replicas /
 *       sampled} when some replicas had no sample. <b>Idle cost</b> = allocated x (1 - used /
 *       requested) in the dominant resource, never below 0. Without any sample, idle is unknown
 *       ({@code -1}).
 * </ul>
 */
public final class CostView {
  private CostView() {}

  /**
   * One service as the control plane reports it.
   *
   * @param replicas replicas that should run
   * @param cpuRequest per replica, millicores
   * @param memoryRequest per replica, bytes
   * @param cpuUsed sum over the sampled replicas, millicores
   * @param memoryUsed sum over the sampled replicas, bytes
   * @param sampled how many replicas had a usage sample
   */
  public record ServiceUsage(
      String name,
      int replicas,
      long cpuRequest,
      long memoryRequest,
      long cpuUsed,
      long memoryUsed,
      int sampled) {
    public ServiceUsage {
      Objects.requireNonNull(name, "name");
      if (replicas < 0 || cpuRequest < 0 || memoryRequest < 0 || sampled < 0) {
        throw new IllegalArgumentException("service " + name + ": counts must not be negative");
      }
    }
  }

  /**
   * One service's cost, micro-dollars per hour.
   *
   * @param cpuUsed estimated total, millicores, {@code -1} when never sampled
   * @param memoryUsed estimated total, bytes, {@code -1} when never sampled
   * @param idleMicros {@code -1} when never sampled
   */
  public record ServiceCost(
      String name,
      int replicas,
      long cpuRequested,
      long memoryRequested,
      long cpuUsed,
      long memoryUsed,
      double share,
      long allocatedMicros,
      long idleMicros) {}

  /** The environment's costs on one node. */
  public record Report(
      InstanceType node,
      List<ServiceCost> services,
      long allocatedMicros,
      long idleMicros,
      long unallocatedMicros) {
    public Report {
      services = List.copyOf(services);
    }
  }

  /** Costs the services on one node of type {@code node} (its allocatable: minus the reserve). */
  public static Report compute(
      List<ServiceUsage> services, InstanceType node, SystemReserve reserve) {
    Usable u = new ProvisionOptions(0, Integer.MAX_VALUE, reserve).usable(node);
    if (u.cpuMillis() <= 0 || u.memoryBytes() <= 0) {
      throw new IllegalArgumentException(
          "node type "
              + node.name()
              + " has nothing left after the system reserve: pick a larger one");
    }
    double[] shares = new double[services.size()];
    double total = 0;
    for (int i = 0; i < shares.length; i++) {
      ServiceUsage s = services.get(i);
      shares[i] =
          Math.max(
              (double) s.replicas() * s.cpuRequest() / u.cpuMillis(),
              (double) s.replicas() * s.memoryRequest() / u.memoryBytes());
      total += shares[i];
    }
    double scale = total > 1 ? 1 / total : 1;
    List<ServiceCost> out = new ArrayList<>();
    long allocated = 0;
    long idle = 0;
    boolean idleKnown = true;
    for (int i = 0; i < shares.length; i++) {
      ServiceUsage s = services.get(i);
      double share = shares[i] * scale;
      long cost = Math.round(node.microsPerHour() * share);
      long cpuReq = s.replicas() * s.cpuRequest();
      long memReq = s.replicas() * s.memoryRequest();
      long cpuUsed = -1;
      long memUsed = -1;
      long idleCost = -1;
      if (s.sampled() > 0) {
        double f = s.replicas() > 0 ? (double) s.replicas() / s.sampled() : 0;
        cpuUsed = Math.round(s.cpuUsed() * f);
        memUsed = Math.round(s.memoryUsed() * f);
        boolean cpuDominant = (double) cpuReq / u.cpuMillis() >= (double) memReq / u.memoryBytes();
        double req = cpuDominant ? cpuReq : memReq;
        double used = cpuDominant ? cpuUsed : memUsed;
        double busy = req <= 0 ? 1 : Math.min(1, used / req);
        idleCost = Math.round(cost * (1 - busy));
        idle += idleCost;
      } else if (s.replicas() > 0) {
        idleKnown = false;
      }
      allocated += cost;
      out.add(
          new ServiceCost(
              s.name(), s.replicas(), cpuReq, memReq, cpuUsed, memUsed, share, cost, idleCost));
    }
    return new Report(
        node, out, allocated, idleKnown ? idle : -1, Math.max(0, node.microsPerHour() - allocated));
  }
}
