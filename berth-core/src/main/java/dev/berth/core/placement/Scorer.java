package dev.berth.core.placement;

/**
 * One preference among feasible nodes, as a kube-scheduler Score plugin: a score from 0 (worst) to
 * {@link #MAX_NODE_SCORE} (best) for placing the replica on the node. The node's usage excludes the
 * replica; a scorer adds its requests itself, as upstream does.
 */
public interface Scorer {
  /** kube-scheduler's {@code framework.MaxNodeScore}. */
  long MAX_NODE_SCORE = 100;

  String name();

  Filter.Depends dependsOn();

  double score(Replica replica, NodeView node);
}
