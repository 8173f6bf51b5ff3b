package dev.berth.core.capacity;

import java.util.List;
import java.util.Map;

/**
 * What consolidation would do to a cluster, and the cluster afterwards.
 *
 * <p>Invariants: {@code microsAfter <= microsBefore} (every action is taken only if it deletes
 * nodes or replaces them with a strictly cheaper one); every replica is on exactly one node of
 * {@link #after}; no more nodes are removed than the disruption budget allows.
 *
 * @param actions in the order they would run
 * @param after the nodes once every action has run
 */
public record Consolidation(
    List<Action> actions, List<ClusterNode> after, long microsBefore, long microsAfter) {

  public Consolidation {
    actions = List.copyOf(actions);
    after = List.copyOf(after);
  }

  /** Karpenter's two kinds of consolidation. */
  public enum Kind {
    /** The nodes' replicas fit on the other nodes: remove the nodes. */
    DELETE,
    /** The nodes' replicas fit on the other nodes plus one new, cheaper node. */
    REPLACE
  }

  /**
   * One step.
   *
   * @param removed the nodes taken away (one: single-node; more: multi-node)
   * @param replacement the new node's type, {@code null} for {@link Kind#DELETE}
   * @param replacementName the new node's name, {@code null} for {@link Kind#DELETE}
   * @param moves replica id to the node it moves to
   * @param savingMicros what it saves, micro-dollars per hour ({@code >= 0})
   */
  public record Action(
      Kind kind,
      List<String> removed,
      InstanceType replacement,
      String replacementName,
      Map<String, String> moves,
      long savingMicros) {
    public Action {
      removed = List.copyOf(removed);
      moves = Map.copyOf(moves);
    }
  }

  public long savingMicros() {
    return microsBefore - microsAfter;
  }
}
