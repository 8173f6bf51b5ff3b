package dev.berth.core.placement;

import java.util.List;

/**
 * Places replicas onto nodes, as a pure function: kube-scheduler's filter/score cycle (Nomad's
 * feasibility and ranking stack), one replica at a time.
 *
 * <p>Rules:
 *
 * <ol>
 *   <li>Existing placements are kept and count: their requests use their node, their replicas count
 *       for their service's spread. A node that existing replicas already overcommit stays as it is
 *       (nothing new fits on it).
 *   <li>Replicas are placed in the order given, except with {@link Strategy#largestFirst()}
 *       (binpack): largest first, by the larger of the cpu and memory shares of the largest
 *       allocatable, ties in the order given (best-fit decreasing). Decisions come back in the
 *       order given either way.
 *   <li>For each replica every node passes the {@link Filters#CHAIN}; a node is reported under the
 *       first filter that rejects it. Feasible nodes are ranked by the strategy's weighted scorers
 *       (plus {@link Scorers#PREFERRED_SPREAD} at weight {@link Scorers#PREFERRED_SPREAD_WEIGHT}
 *       for {@code spread: preferred}); the highest total wins, ties go to the first node by name
 *       (kube-scheduler picks among ties at random; Berth stays deterministic).
 *   <li>A replica no node can hold is not placed and its decision says, per filter, how many nodes
 *       rejected it and why; one larger than every node says so and names the largest node.
 * </ol>
 *
 * <p>Invariants (property tests): requests placed on a node never exceed its allocatable; no node
 * gets two replicas of a {@code spread: required} service; every replica gets exactly one decision,
 * placed or with a reason; the same input gives the same output.
 *
 * <p>Speed: nodes that look the same to the filters and scorers (same labels, taints, capacity,
 * allocatable and placed requests) are kept in one bucket and evaluated once, so a decision costs
 * the number of distinct node states rather than the number of nodes (see {@code PlacementIndex}).
 */
public final class PlacementEngine {
  private PlacementEngine() {}

  /**
   * Places the replicas.
   *
   * @param nodes the nodes, names unique
   * @param existing replicas already placed, on nodes of {@code nodes}
   * @param replicas the replicas to place, ids unique and not among the existing ones
   * @throws IllegalArgumentException on duplicate names or ids, or an existing placement on an
   *     unknown node, saying what to fix
   */
  public static PlacementResult place(
      List<Node> nodes, List<Existing> existing, List<Replica> replicas, Strategy strategy) {
    return new PlacementIndex(nodes, existing, replicas, strategy).placeAll();
  }

  /** Places onto empty nodes. */
  public static PlacementResult place(List<Node> nodes, List<Replica> replicas, Strategy strategy) {
    return place(nodes, List.of(), replicas, strategy);
  }
}
