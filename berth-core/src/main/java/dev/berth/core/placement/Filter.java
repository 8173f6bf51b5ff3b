package dev.berth.core.placement;

/**
 * One feasibility check, as a kube-scheduler Filter plugin or a Nomad feasibility checker: a node
 * either may hold the replica or is rejected with a reason.
 *
 * <p>A filter declares what it reads ({@link #dependsOn()}), so the engine can evaluate it once for
 * every node that looks the same to it (see {@link PlacementEngine}). A filter must be a pure
 * function of the replica and what it declares.
 */
public interface Filter {
  /** What a filter or scorer reads besides the replica. */
  enum Depends {
    /** The node's own fields: labels, taints, capacity, allocatable. */
    NODE,
    /** And the requests placed on it. */
    USAGE,
    /** And the count of the replica's service on it. */
    SERVICE
  }

  /** The filter's name, shown in explanations. */
  String name();

  Depends dependsOn();

  /**
   * Why the node cannot hold the replica.
   *
   * @return {@code null} when it can, else a short reason (same wording for the same cause, so
   *     reasons group in explanations)
   */
  String reject(Replica replica, NodeView node);
}
