package dev.berth.core.placement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one replica goes, and why.
 *
 * @param node the chosen node, or {@code null} when the replica could not be placed
 * @param reason empty when placed, else {@link #UNSCHEDULABLE}
 * @param message a sentence: where it went, or why nowhere and what to do
 * @param infeasible the nodes rejected, grouped by the first filter that rejected them, most first
 * @param top the best feasible candidates, best first (at most {@link #TOP})
 */
public record Decision(
    String replicaId,
    String service,
    String node,
    String reason,
    String message,
    List<Infeasible> infeasible,
    List<Candidate> top) {

  /** The reason of a replica no node can hold. */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /** How many candidates a decision keeps. */
  public static final int TOP = 3;

  public Decision {
    infeasible = List.copyOf(infeasible);
    top = List.copyOf(top);
  }

  public boolean placed() {
    return node != null;
  }

  /**
   * Nodes one filter rejected for one reason.
   *
   * @param nodes how many
   * @param examples up to three of them, by name order
   */
  public record Infeasible(String filter, String reason, int nodes, List<String> examples) {
    public Infeasible {
      examples = List.copyOf(examples);
    }
  }

  /**
   * A feasible node and its score.
   *
   * @param alike how many feasible nodes look exactly the same to the scorers (same shape, usage
   *     and count of the service); the one named is the first of them by name
   * @param score the weighted sum
   * @param parts each scorer's unweighted score, in the strategy's order
   */
  public record Candidate(String node, int alike, double score, Map<String, Double> parts) {
    public Candidate {
      parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts)); // in the scorers' order
    }
  }
}
