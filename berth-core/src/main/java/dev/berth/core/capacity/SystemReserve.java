package dev.berth.core.capacity;

/**
 * What each node keeps for the operating system, the kubelet or Berth's supervisor, and eviction:
 * capacity minus this is allocatable, the only room replicas get.
 *
 * <p>{@link #standard()} follows GKE's published kube-reserved formula, which EKS and AKS resemble
 * (cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes): cpu 6% of the first core, 1%
 * of the second, 0.5% of the third and fourth, 0.25% of every core above four; memory 255 MiB on
 * machines under 1 GiB, else 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of
 * the next 112 and 2% above 128 GiB; plus a 100 MiB eviction threshold. Small nodes lose a larger
 * share, which is why the planner's cheapest pool is not always made of the smallest types.
 *
 * @param formula whether the GKE formula applies ({@code false}: the fixed amounts)
 */
public record SystemReserve(boolean formula, long cpuMillis, long memoryBytes) {
  private static final long MI = 1L << 20;
  private static final long GI = 1L << 30;

  public SystemReserve {
    if (cpuMillis < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException(
          "a system reserve cannot be negative, got cpu="
              + cpuMillis
              + "m memory="
              + memoryBytes
              + " bytes");
    }
  }

  /** The GKE formula (the default). */
  public static SystemReserve standard() {
    return new SystemReserve(true, 0, 0);
  }

  /** The same amounts on every node (0 and 0: allocatable is the whole machine). */
  public static SystemReserve fixed(long cpuMillis, long memoryBytes) {
    return new SystemReserve(false, cpuMillis, memoryBytes);
  }

  /** Reserved cpu on a node of this type, in millicores. */
  public long cpuMillis(InstanceType t) {
    if (!formula) {
      return cpuMillis;
    }
    long c = t.cpuMillis();
    double r = 0.06 * Math.min(c, 1000);
    r += 0.01 * clamp(c - 1000, 1000);
    r += 0.005 * clamp(c - 2000, 2000);
    r += 0.0025 * Math.max(0, c - 4000);
    return (long) Math.ceil(r);
  }

  /** Reserved memory on a node of this type, in bytes, eviction threshold included. */
  public long memoryBytes(InstanceType t) {
    if (!formula) {
      return memoryBytes;
    }
    long m = t.memoryBytes();
    double r;
    if (m < GI) {
      r = 255 * MI;
    } else {
      r = 0.25 * Math.min(m, 4 * GI);
      r += 0.20 * clamp(m - 4 * GI, 4 * GI);
      r += 0.10 * clamp(m - 8 * GI, 8 * GI);
      r += 0.06 * clamp(m - 16 * GI, 112 * GI);
      r += 0.02 * Math.max(0, m - 128 * GI);
    }
    return (long) Math.ceil(r) + 100 * MI;
  }

  private static long clamp(long v, long max) {
    return Math.max(0, Math.min(v, max));
  }
}
