package dev.berth.core.placement;

import java.util.List;

/**
 * The decisions of one placement run, one per replica in the order the replicas were given.
 *
 * @param nodesUsed nodes holding at least one replica afterwards, existing ones included
 */
public record PlacementResult(List<Decision> decisions, int nodesUsed) {
  public PlacementResult {
    decisions = List.copyOf(decisions);
  }

  public List<Decision> placed() {
    return decisions.stream().filter(Decision::placed).toList();
  }

  public List<Decision> unplaceable() {
    return decisions.stream().filter(d -> !d.placed()).toList();
  }
}
