package dev.berth.core.capacity;

import dev.berth.core.capacity.Consolidation.Action;
import dev.berth.core.capacity.Consolidation.Kind;
import dev.berth.core.capacity.ProvisionOptions.Usable;
import dev.berth.core.placement.Replica;
import dev.berth.core.placement.Spread;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Karpenter's consolidation as a pure function: find nodes that can be deleted (their replicas fit
 * on the others) or replaced by one cheaper node, within a disruption budget.
 *
 * <p>Rules, after Karpenter's {@code disruption} controller:
 *
 * <ol>
 *   <li>Candidates are ordered by disruption cost: fewest replicas first, then most expensive.
 *   <li><b>Multi-node</b>: the longest prefix of candidates (2 up to 100, and up to the budget
 *       left), found by binary search, whose replicas fit on the remaining nodes plus at most one
 *       new node that costs less than the prefix.
 *   <li><b>Single-node</b>: the first candidate whose replicas fit on the other nodes (delete), or
 *       on them plus one new node of a strictly cheaper type (replace). It is taken instead of the
 *       multi-node step when it saves as much (fewer nodes disrupted for the same saving).
 *   <li>Displaced replicas go largest first to the fullest node that still holds them (selector,
 *       room after reserve and headroom, replica count, {@code spread: required}); what is left
 *       goes to the cheapest catalog type that holds all of it.
 *   <li>Steps repeat until none applies or {@code budget} nodes have been removed.
 * </ol>
 *
 * <p>Invariant (property test): cost never goes up, every replica stays placed exactly once, no
 * node holds more than its type offers.
 */
public final class Consolidator {
  private Consolidator() {}

  /** Karpenter's cap on the candidates of one multi-node consolidation. */
  public static final int MAX_MULTI = 100;

  private static final class Live {
    final String name;
    final InstanceType type;
    final Usable usable;
    final List<Replica> replicas = new ArrayList<>();
    long cpu;
    long mem;

    Live(String name, InstanceType type, Usable usable) {
      this.name = name;
      this.type = type;
      this.usable = usable;
    }

    void add(Replica r) {
      replicas.add(r);
      cpu += r.cpuMillis();
      mem += r.memoryBytes();
    }
  }

  private record Sim(Map<String, String> moves, InstanceType replacement, long cost) {}

  /**
   * Consolidates.
   *
   * @param budget the most nodes this may remove (Karpenter's {@code budgets.nodes}), {@code >= 0}
   */
  public static Consolidation consolidate(
      List<ClusterNode> cluster, Catalog catalog, ProvisionOptions options, int budget) {
    if (budget < 0) {
      throw new IllegalArgumentException("the disruption budget must be >= 0, got " + budget);
    }
    List<Live> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long before = 0;
    for (ClusterNode n : cluster) {
      if (!names.add(n.name())) {
        throw new IllegalArgumentException(
            "two nodes are named " + n.name() + ": names must be unique");
      }
      Live l = new Live(n.name(), n.type(), options.usable(n.type()));
      n.replicas().forEach(l::add);
      nodes.add(l);
      before += n.type().microsPerHour();
    }
    List<Action> actions = new ArrayList<>();
    int left = budget;
    int fresh = 0;
    while (left > 0) {
      List<Live> candidates = new ArrayList<>(nodes);
      candidates.sort(
          Comparator.comparingInt((Live l) -> l.replicas.size())
              .thenComparing(l -> -l.type.microsPerHour())
              .thenComparing(l -> l.name));
      List<Live> chosen = null;
      Sim sim = null;
      int max = Math.min(Math.min(MAX_MULTI, left), candidates.size());
      int lo = 2;
      int hi = max;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        Sim s = simulate(nodes, candidates.subList(0, mid), catalog, options);
        if (s != null) {
          chosen = new ArrayList<>(candidates.subList(0, mid));
          sim = s;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      for (Live c : candidates) {
        Sim s = simulate(nodes, List.of(c), catalog, options);
        if (s != null) {
          // one node disrupted beats several for the same saving
          if (chosen == null || saving(List.of(c), s) >= saving(chosen, sim)) {
            chosen = List.of(c);
            sim = s;
          }
          break;
        }
      }
      if (chosen == null) {
        break;
      }
      String newName = null;
      if (sim.replacement() != null) {
        newName = sim.replacement().name() + "-new-" + ++fresh;
        while (names.contains(newName)) {
          newName = sim.replacement().name() + "-new-" + ++fresh;
        }
        names.add(newName);
      }
      actions.add(apply(nodes, chosen, sim, newName, options));
      left -= chosen.size();
    }
    List<ClusterNode> after = new ArrayList<>();
    long cost = 0;
    for (Live l : nodes) {
      after.add(new ClusterNode(l.name, l.type, l.replicas));
      cost += l.type.microsPerHour();
    }
    return new Consolidation(actions, after, before, cost);
  }

  private static long saving(List<Live> removed, Sim sim) {
    return removed.stream().mapToLong(l -> l.type.microsPerHour()).sum() - sim.cost();
  }

  private static Action apply(
      List<Live> nodes, List<Live> removed, Sim sim, String newName, ProvisionOptions options) {
    Map<String, Live> byName = new HashMap<>();
    nodes.forEach(l -> byName.put(l.name, l));
    Live fresh = null;
    if (sim.replacement() != null) {
      fresh = new Live(newName, sim.replacement(), options.usable(sim.replacement()));
      byName.put(newName, fresh);
    }
    Map<String, Replica> displaced = new HashMap<>();
    removed.forEach(l -> l.replicas.forEach(r -> displaced.put(r.id(), r)));
    nodes.removeAll(removed);
    if (fresh != null) {
      nodes.add(fresh);
    }
    Map<String, String> moves = new LinkedHashMap<>();
    sim.moves()
        .forEach(
            (id, target) -> {
              String to = target == null ? newName : target;
              byName.get(to).add(displaced.get(id));
              moves.put(id, to);
            });
    long removedCost = removed.stream().mapToLong(l -> l.type.microsPerHour()).sum();
    return new Action(
        sim.replacement() == null ? Kind.DELETE : Kind.REPLACE,
        removed.stream().map(l -> l.name).toList(),
        sim.replacement(),
        newName,
        moves,
        removedCost - sim.cost());
  }

  /**
   * Where the replicas of {@code removed} would go, or {@code null} when they do not fit or the
   * result would not be cheaper. A move to {@code null} means the new node.
   */
  private static Sim simulate(
      List<Live> nodes, List<Live> removed, Catalog catalog, ProvisionOptions options) {
    Set<Live> gone = new HashSet<>(removed);
    List<Live> targets = new ArrayList<>();
    for (Live l : nodes) {
      if (!gone.contains(l)) {
        targets.add(l);
      }
    }
    List<Replica> displaced = new ArrayList<>();
    removed.forEach(l -> displaced.addAll(l.replicas));
    displaced.sort(
        Comparator.comparingLong((Replica r) -> -r.memoryBytes())
            .thenComparingLong(r -> -r.cpuMillis())
            .thenComparing(Replica::id));
    long[] cpu = new long[targets.size()];
    long[] mem = new long[targets.size()];
    int[] pods = new int[targets.size()];
    List<Set<String>> services = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Live t = targets.get(i);
      cpu[i] = t.cpu;
      mem[i] = t.mem;
      pods[i] = t.replicas.size();
      Set<String> s = new HashSet<>();
      t.replicas.forEach(r -> s.add(r.service()));
      services.add(s);
    }
    Map<String, String> moves = new LinkedHashMap<>();
    List<Replica> rest = new ArrayList<>();
    for (Replica r : displaced) {
      int best = -1;
      double bestFree = Double.MAX_VALUE;
      for (int i = 0; i < targets.size(); i++) {
        Live t = targets.get(i);
        long c = cpu[i] + r.cpuMillis();
        long m = mem[i] + r.memoryBytes();
        if (!t.usable.fits(c, m, pods[i] + 1)
            || !t.type.matches(r.nodeSelector())
            || (r.spread() == Spread.REQUIRED && services.get(i).contains(r.service()))) {
          continue;
        }
        double free =
            (double) (t.usable.cpuMillis() - c) / t.usable.cpuMillis()
                + (double) (t.usable.memoryBytes() - m) / t.usable.memoryBytes();
        if (free < bestFree) {
          bestFree = free;
          best = i;
        }
      }
      if (best < 0) {
        rest.add(r);
        moves.put(r.id(), null);
        continue;
      }
      cpu[best] += r.cpuMillis();
      mem[best] += r.memoryBytes();
      pods[best]++;
      services.get(best).add(r.service());
      moves.put(r.id(), targets.get(best).name);
    }
    long removedCost = removed.stream().mapToLong(l -> l.type.microsPerHour()).sum();
    if (rest.isEmpty()) {
      return new Sim(moves, null, 0);
    }
    InstanceType t = cheapestFor(rest, catalog, options);
    if (t == null || t.microsPerHour() >= removedCost) {
      return null;
    }
    return new Sim(moves, t, t.microsPerHour());
  }

  /** The cheapest type that holds all of {@code rest} on one node, or {@code null}. */
  static InstanceType cheapestFor(List<Replica> rest, Catalog catalog, ProvisionOptions options) {
    long cpu = 0;
    long mem = 0;
    Set<String> required = new HashSet<>();
    for (Replica r : rest) {
      cpu += r.cpuMillis();
      mem += r.memoryBytes();
      if (r.spread() == Spread.REQUIRED && !required.add(r.service())) {
        return null;
      }
    }
    InstanceType best = null;
    for (InstanceType t : catalog.types()) {
      if (!options.usable(t).fits(cpu, mem, rest.size())) {
        continue;
      }
      boolean all = true;
      for (Replica r : rest) {
        all &= t.matches(r.nodeSelector());
      }
      if (all && (best == null || t.microsPerHour() < best.microsPerHour())) {
        best = t;
      }
    }
    return best;
  }
}
