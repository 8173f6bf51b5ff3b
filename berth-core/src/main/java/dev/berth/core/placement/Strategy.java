package dev.berth.core.placement;

import java.util.List;

/**
 * How feasible nodes are ranked: a weighted sum of scorers. {@link #BINPACK} is the default, for
 * cost; the kube-scheduler strategies let a plan be compared with what a Kubernetes cluster would
 * do. Replicas with {@code spread: preferred} get {@link Scorers#PREFERRED_SPREAD} added to every
 * strategy.
 */
public enum Strategy {
  /** Fill nodes before opening new ones; replicas are placed largest first. */
  BINPACK(List.of(new Weighted(Scorers.BINPACK, 1))),
  /** Nomad's spread: favour empty nodes. */
  SPREAD(List.of(new Weighted(Scorers.SPREAD, 1))),
  /** kube-scheduler NodeResourcesFit with scoringStrategy LeastAllocated. */
  LEAST_ALLOCATED(List.of(new Weighted(Scorers.LEAST_ALLOCATED, 1))),
  /** kube-scheduler NodeResourcesFit with scoringStrategy MostAllocated. */
  MOST_ALLOCATED(List.of(new Weighted(Scorers.MOST_ALLOCATED, 1))),
  /** kube-scheduler NodeResourcesBalancedAllocation alone. */
  BALANCED_ALLOCATION(List.of(new Weighted(Scorers.BALANCED_ALLOCATION, 1))),
  /**
   * kube-scheduler's default profile for resources: LeastAllocated + BalancedAllocation, 1 each.
   */
  KUBE_DEFAULT(
      List.of(
          new Weighted(Scorers.LEAST_ALLOCATED, 1), new Weighted(Scorers.BALANCED_ALLOCATION, 1)));

  /** A scorer and its weight in the sum. */
  public record Weighted(Scorer scorer, int weight) {}

  private final List<Weighted> scorers;

  Strategy(List<Weighted> scorers) {
    this.scorers = scorers;
  }

  public List<Weighted> scorers() {
    return scorers;
  }

  /** Whether replicas are placed largest first rather than in the order given. */
  public boolean largestFirst() {
    return this == BINPACK;
  }
}
