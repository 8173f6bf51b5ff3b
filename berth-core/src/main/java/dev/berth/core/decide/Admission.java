package dev.berth.core.decide;

import dev.berth.core.model.Resources;
import dev.berth.core.spec.Quantities;

/**
 * Whether a replica's requests fit on a node: the sum of requests of the replicas placed on a node
 * never exceeds its allocatable capacity. A replica that does not fit stays pending with a reason,
 * as kube-scheduler leaves a pod unschedulable, instead of overcommitting the machine.
 */
public final class Admission {
  private Admission() {}

  /**
   * The verdict for one replica.
   *
   * @param fits whether it may be placed
   * @param reason {@code Insufficient cpu}, {@code Insufficient memory} or {@code Insufficient cpu
   *     and memory}; empty when it fits
   * @param message a sentence with the numbers and what to do
   */
  public record Verdict(boolean fits, String reason, String message) {}

  /**
   * Decides for one replica.
   *
   * @param node the node's name
   * @param allocatableCpuMillis CPU available to replicas on the node
   * @param allocatableMemoryBytes memory available to replicas on the node
   * @param usedCpuMillis CPU requests of replicas already placed there
   * @param usedMemoryBytes memory requests of replicas already placed there
   * @param request the replica's resources
   */
  public static Verdict decide(
      String node,
      long allocatableCpuMillis,
      long allocatableMemoryBytes,
      long usedCpuMillis,
      long usedMemoryBytes,
      Resources request) {
    long freeCpu = allocatableCpuMillis - usedCpuMillis;
    long freeMem = allocatableMemoryBytes - usedMemoryBytes;
    boolean cpuOk = request.cpuMillis() <= freeCpu;
    boolean memOk = request.memoryBytes() <= freeMem;
    if (cpuOk && memOk) {
      return new Verdict(true, "", "");
    }
    StringBuilder m = new StringBuilder("does not fit on node ").append(node).append(": ");
    if (!cpuOk) {
      m.append("requests cpu ")
          .append(Quantities.formatCpu(request.cpuMillis()))
          .append(" but ")
          .append(Quantities.formatCpu(Math.max(0, freeCpu)))
          .append(" of ")
          .append(Quantities.formatCpu(allocatableCpuMillis))
          .append(" allocatable is free");
    }
    if (!memOk) {
      if (!cpuOk) {
        m.append("; ");
      }
      m.append("requests memory ")
          .append(Quantities.describeMemory(request.memoryBytes()))
          .append(" but ")
          .append(Quantities.describeMemory(Math.max(0, freeMem)))
          .append(" of ")
          .append(Quantities.describeMemory(allocatableMemoryBytes))
          .append(" allocatable is free");
    }
    m.append(". Lower the service's resources, scale down or stop other services.");
    String reason =
        !cpuOk && !memOk
            ? "Insufficient cpu and memory"
            : !cpuOk ? "Insufficient cpu" : "Insufficient memory";
    return new Verdict(false, reason, m.toString());
  }
}
