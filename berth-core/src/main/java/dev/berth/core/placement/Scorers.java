package dev.berth.core.placement;

import dev.berth.core.placement.Filter.Depends;

/**
 * The scorers. All read the node's usage <em>after</em> the replica would be placed ({@code
 * requested = used + request}, as kube-scheduler's {@code resource_allocation.go} computes it).
 *
 * <p>kube-scheduler's three resource scorers are reimplemented from {@code
 * pkg/scheduler/framework/plugins/noderesources/} of github.com/kubernetes/kubernetes ({@code
 * least_allocated.go}, {@code most_allocated.go}, {@code balanced_allocation.go}), with the default
 * resources cpu and memory at weight 1 each, and the same integer arithmetic, so a score here
 * equals the plugin's score for the same numbers. Berth's requests are never zero, so upstream's
 * non-zero request defaults (100m, 200MB) never apply.
 */
public final class Scorers {
  private Scorers() {}

  /**
   * LeastAllocated: per resource {@code (allocatable - requested) * 100 / allocatable} (integer
   * division; 0 when requested exceeds allocatable or allocatable is 0), then the integer mean of
   * cpu and memory. Favours empty nodes: kube-scheduler's default strategy.
   */
  public static final Scorer LEAST_ALLOCATED =
      new Simple("LeastAllocated", Depends.USAGE) {
        @Override
        public double score(Replica r, NodeView n) {
          return leastAllocated(n, r);
        }
      };

  /**
   * MostAllocated: per resource {@code requested * 100 / allocatable} with requested capped at
   * allocatable (0 when allocatable is 0), then the integer mean of cpu and memory.
   */
  public static final Scorer MOST_ALLOCATED =
      new Simple("MostAllocated", Depends.USAGE) {
        @Override
        public double score(Replica r, NodeView n) {
          return mostAllocated(n, r);
        }
      };

  /**
   * BalancedAllocation: fractions {@code requested / allocatable} as doubles capped at 1 (a
   * resource with allocatable 0 is left out); with two fractions {@code std = |f1 - f2| / 2}, with
   * one {@code std = 0}; score {@code (long) ((1 - std) * 100)}, truncated as Go's {@code int64()}.
   */
  public static final Scorer BALANCED_ALLOCATION =
      new Simple("BalancedAllocation", Depends.USAGE) {
        @Override
        public double score(Replica r, NodeView n) {
          return balancedAllocation(n, r);
        }
      };

  /**
   * Binpack, Nomad's {@code ScoreFitBinPack}: with {@code free} the fraction of allocatable left in
   * each resource after placing, {@code (20 - (10^freeCpu + 10^freeMem)) / 18 * 100}. 100 for a
   * node the replica fills exactly; the exponent makes a node nearly full in both resources beat
   * one full in a single resource, which keeps the other resource usable.
   */
  public static final Scorer BINPACK =
      new Simple("Binpack", Depends.USAGE) {
        @Override
        public double score(Replica r, NodeView n) {
          return (20 - pow10Free(n, r)) / 18 * MAX;
        }
      };

  /**
   * Spread, Nomad's {@code ScoreFitSpread}: the mirror of {@link #BINPACK}, favours empty nodes.
   */
  public static final Scorer SPREAD =
      new Simple("Spread", Depends.USAGE) {
        @Override
        public double score(Replica r, NodeView n) {
          return (pow10Free(n, r) - 2) / 18 * MAX;
        }
      };

  /**
   * Preferred spread: {@code 100 / (1 + replicas of the service on the node)} (integer division).
   * The engine adds it, at weight {@link #PREFERRED_SPREAD_WEIGHT}, for replicas with {@code
   * spread: preferred} only.
   */
  public static final Scorer PREFERRED_SPREAD =
      new Simple("PreferredSpread", Depends.SERVICE) {
        @Override
        public double score(Replica r, NodeView n) {
          return Scorer.MAX_NODE_SCORE / (1 + n.serviceReplicas());
        }
      };

  /** kube-scheduler's default weight of PodTopologySpread, used for {@link #PREFERRED_SPREAD}. */
  public static final int PREFERRED_SPREAD_WEIGHT = 2;

  private static final double MAX = Scorer.MAX_NODE_SCORE;

  static long leastAllocated(NodeView n, Replica r) {
    Node node = n.node();
    long cpu = leastRequested(n.usedCpuMillis() + r.cpuMillis(), node.allocatableCpuMillis());
    long mem = leastRequested(n.usedMemoryBytes() + r.memoryBytes(), node.allocatableMemoryBytes());
    return (cpu + mem) / 2;
  }

  static long leastRequested(long requested, long allocatable) {
    if (allocatable == 0 || requested > allocatable) {
      return 0;
    }
    return (allocatable - requested) * MAX_NODE_SCORE / allocatable;
  }

  static long mostAllocated(NodeView n, Replica r) {
    Node node = n.node();
    long cpu = mostRequested(n.usedCpuMillis() + r.cpuMillis(), node.allocatableCpuMillis());
    long mem = mostRequested(n.usedMemoryBytes() + r.memoryBytes(), node.allocatableMemoryBytes());
    return (cpu + mem) / 2;
  }

  static long mostRequested(long requested, long allocatable) {
    if (allocatable == 0) {
      return 0;
    }
    return Math.min(requested, allocatable) * MAX_NODE_SCORE / allocatable;
  }

  static long balancedAllocation(NodeView n, Replica r) {
    Node node = n.node();
    double[] fractions = new double[2];
    int count = 0;
    long[] requested = {n.usedCpuMillis() + r.cpuMillis(), n.usedMemoryBytes() + r.memoryBytes()};
    long[] allocatable = {node.allocatableCpuMillis(), node.allocatableMemoryBytes()};
    for (int i = 0; i < 2; i++) {
      if (allocatable[i] == 0) {
        continue;
      }
      fractions[count++] = Math.min(1.0, (double) requested[i] / (double) allocatable[i]);
    }
    double std = count == 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0.0;
    return (long) ((1 - std) * MAX_NODE_SCORE);
  }

  private static final long MAX_NODE_SCORE = Scorer.MAX_NODE_SCORE;

  private static double pow10Free(NodeView n, Replica r) {
    Node node = n.node();
    double freeCpu = free(n.usedCpuMillis() + r.cpuMillis(), node.allocatableCpuMillis());
    double freeMem = free(n.usedMemoryBytes() + r.memoryBytes(), node.allocatableMemoryBytes());
    return Math.pow(10, freeCpu) + Math.pow(10, freeMem);
  }

  private static double free(long requested, long allocatable) {
    if (allocatable == 0) {
      return 0;
    }
    return Math.max(0.0, 1.0 - (double) requested / (double) allocatable);
  }

  private abstract static class Simple extends Named implements Scorer {
    Simple(String name, Depends depends) {
      super(name, depends);
    }
  }
}
