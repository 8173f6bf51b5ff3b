package dev.berth.core.placement;

import dev.berth.core.placement.Decision.Infeasible;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rejected nodes per reason; reasons are distinct across filters. */
final class Tally {
  private static final class Acc {
    final String filter;
    int count;
    final int[] examples = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};

    Acc(String filter) {
      this.filter = filter;
    }
  }

  private final Map<String, Acc> byReason = new HashMap<>();

  void add(String filter, String reason, int count, int example) {
    Acc a = byReason.computeIfAbsent(reason, k -> new Acc(filter));
    a.count += count;
    int x = example;
    for (int j = 0; j < a.examples.length; j++) {
      if (x < a.examples[j]) {
        int t = a.examples[j];
        a.examples[j] = x;
        x = t;
      }
    }
  }

  List<Infeasible> list(Node[] nodes) {
    List<Infeasible> out = new ArrayList<>();
    for (Map.Entry<String, Acc> e : byReason.entrySet()) {
      Acc a = e.getValue();
      List<String> ex = new ArrayList<>();
      for (int x : a.examples) {
        if (x != Integer.MAX_VALUE) {
          ex.add(nodes[x].name());
        }
      }
      out.add(new Infeasible(a.filter, e.getKey(), a.count, ex));
    }
    out.sort(
        Comparator.comparingInt(Infeasible::nodes)
            .reversed()
            .thenComparing(Infeasible::filter)
            .thenComparing(Infeasible::reason));
    return out;
  }
}
