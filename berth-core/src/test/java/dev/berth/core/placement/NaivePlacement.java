package dev.berth.core.placement;

import dev.berth.core.placement.Strategy.Weighted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's rules with no index: every filter and scorer on every node for every replica. The
 * reference the indexed engine must agree with.
 */
final class NaivePlacement {
  private NaivePlacement() {}

  /** The chosen node per replica (null when unplaced), in the order given. */
  static List<String> place(
      List<Node> nodeList, List<Existing> existing, List<Replica> replicas, Strategy strategy) {
    List<Node> nodes = new ArrayList<>(nodeList);
    nodes.sort(Comparator.comparing(Node::name));
    Map<String, long[]> used = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (Node n : nodes) {
      used.put(n.name(), new long[2]);
    }
    for (Existing e : existing) {
      used.get(e.node())[0] += e.cpuMillis();
      used.get(e.node())[1] += e.memoryBytes();
      count.merge(e.service() + "@" + e.node(), 1, Integer::sum);
    }
    Integer[] order = new Integer[replicas.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (strategy.largestFirst()) {
      long maxCpu =
          Math.max(1, nodes.stream().mapToLong(Node::allocatableCpuMillis).max().orElse(1));
      long maxMem =
          Math.max(1, nodes.stream().mapToLong(Node::allocatableMemoryBytes).max().orElse(1));
      Arrays.sort(
          order,
          Comparator.<Integer>comparingDouble(
                  i ->
                      -Math.max(
                          (double) replicas.get(i).cpuMillis() / maxCpu,
                          (double) replicas.get(i).memoryBytes() / maxMem))
              .thenComparing(i -> i));
    }
    String[] out = new String[replicas.size()];
    for (int i : order) {
      Replica r = replicas.get(i);
      List<Weighted> scorers = new ArrayList<>(strategy.scorers());
      if (r.spread() == Spread.PREFERRED) {
        scorers.add(new Weighted(Scorers.PREFERRED_SPREAD, Scorers.PREFERRED_SPREAD_WEIGHT));
      }
      String best = null;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (Node n : nodes) {
        long[] u = used.get(n.name());
        int c = r.spread() == Spread.NONE ? 0 : count.getOrDefault(r.service() + "@" + n.name(), 0);
        NodeView v = NodeView.of(n, u[0], u[1], c);
        if (Filters.CHAIN.stream().anyMatch(f -> f.reject(r, v) != null)) {
          continue;
        }
        double s = 0;
        for (Weighted w : scorers) {
          s += w.weight() * w.scorer().score(r, v);
        }
        if (s > bestScore) {
          bestScore = s;
          best = n.name();
        }
      }
      out[i] = best;
      if (best != null) {
        used.get(best)[0] += r.cpuMillis();
        used.get(best)[1] += r.memoryBytes();
        count.merge(r.service() + "@" + best, 1, Integer::sum);
      }
    }
    return Arrays.asList(out);
  }
}
