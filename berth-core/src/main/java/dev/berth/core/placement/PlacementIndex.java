package dev.berth.core.placement;

import dev.berth.core.placement.Decision.Candidate;
import dev.berth.core.placement.Decision.Infeasible;
import dev.berth.core.placement.Filter.Depends;
import dev.berth.core.placement.Strategy.Weighted;
import dev.berth.core.spec.Quantities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mutable bookkeeping of one {@link PlacementEngine#place} call; never escapes it.
 *
 * <p>Nodes are numbered by name order. A node's <em>shape</em> is what NODE filters read (labels,
 * taints, capacity, allocatable); its <em>bucket</em> is its shape plus its placed requests. All
 * nodes of a bucket are alike for NODE and USAGE filters and scorers, so each bucket is evaluated
 * once per replica on its first node. For {@code spread} replicas, the nodes of a bucket that hold
 * the service are evaluated one by one (their count differs) and the rest once. NODE filter results
 * are cached per (selector, tolerations) and shape, so NODE filters may read only those of the
 * replica, and only the labels some replica's selector names (the others are not part of the
 * shape). Placing a replica moves one node to another bucket.
 */
final class PlacementIndex {
  private record Shape(
      long capCpu,
      long capMem,
      long allocCpu,
      long allocMem,
      Map<String, String> labels,
      List<Taint> taints) {}

  private record Key(int shape, long cpu, long mem) {}

  private record Constraints(Map<String, String> selector, List<Toleration> tolerations) {}

  private final Node[] nodes;
  private final int[] shapeOf;
  private final List<Node> shapeNodes = new ArrayList<>();
  private final long[] usedCpu;
  private final long[] usedMem;
  private final int[] replicaCount;
  private final Map<Key, TreeSet<Integer>> buckets = new HashMap<>();
  private final Map<String, Map<Integer, Integer>> serviceNodes = new HashMap<>();
  private final Map<Constraints, String[][]> staticCache = new HashMap<>();
  private final Set<String> ids = new HashSet<>();
  private final Strategy strategy;
  private final List<Replica> replicas;
  private final List<Filter> nodeFilters = new ArrayList<>();
  private final List<Filter> usageFilters = new ArrayList<>();
  private final List<Filter> serviceFilters = new ArrayList<>();
  private final View view = new View();

  PlacementIndex(
      List<Node> nodeList, List<Existing> existing, List<Replica> replicas, Strategy strategy) {
    this.strategy = strategy;
    this.replicas = replicas;
    Set<String> selected = new HashSet<>();
    replicas.forEach(r -> selected.addAll(r.nodeSelector().keySet()));
    nodes = nodeList.toArray(Node[]::new);
    Arrays.sort(nodes, Comparator.comparing(Node::name));
    int n = nodes.length;
    shapeOf = new int[n];
    usedCpu = new long[n];
    usedMem = new long[n];
    replicaCount = new int[n];
    Map<String, Integer> byName = new HashMap<>();
    Map<Shape, Integer> shapes = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Node node = nodes[i];
      if (byName.put(node.name(), i) != null) {
        throw new IllegalArgumentException(
            "two nodes are named " + node.name() + ": node names must be unique");
      }
      Shape s =
          new Shape(
              node.capacityCpuMillis(),
              node.capacityMemoryBytes(),
              node.allocatableCpuMillis(),
              node.allocatableMemoryBytes(),
              selectedLabels(node, selected),
              node.taints());
      shapeOf[i] =
          shapes.computeIfAbsent(
              s,
              k -> {
                shapeNodes.add(node);
                return shapeNodes.size() - 1;
              });
    }
    for (Existing e : existing) {
      Integer i = byName.get(e.node());
      if (i == null) {
        throw new IllegalArgumentException(
            "existing replica "
                + e.replicaId()
                + " is on node "
                + e.node()
                + ", which is not among the nodes: add the node or drop the placement");
      }
      claimId(e.replicaId());
      usedCpu[i] += e.cpuMillis();
      usedMem[i] += e.memoryBytes();
      replicaCount[i]++;
      serviceNodes.computeIfAbsent(e.service(), k -> new HashMap<>()).merge(i, 1, Integer::sum);
    }
    for (int i = 0; i < n; i++) {
      buckets.computeIfAbsent(key(i), k -> new TreeSet<>()).add(i);
    }
    for (Filter f : Filters.CHAIN) {
      (f.dependsOn() == Depends.NODE
              ? nodeFilters
              : f.dependsOn() == Depends.USAGE ? usageFilters : serviceFilters)
          .add(f);
    }
  }

  /**
   * The labels some replica selects on: a label nobody selects (a hostname, say) must not split
   * nodes into shapes, or every node becomes its own bucket.
   */
  private static Map<String, String> selectedLabels(Node node, Set<String> selected) {
    if (selected.containsAll(node.labels().keySet())) {
      return node.labels();
    }
    Map<String, String> out = new HashMap<>();
    node.labels()
        .forEach(
            (k, v) -> {
              if (selected.contains(k)) {
                out.put(k, v);
              }
            });
    return out;
  }

  PlacementResult placeAll() {
    for (Replica r : replicas) {
      claimId(r.id());
    }
    Integer[] order = new Integer[replicas.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (strategy.largestFirst()) {
      long maxCpu =
          Math.max(1, Arrays.stream(nodes).mapToLong(Node::allocatableCpuMillis).max().orElse(1));
      long maxMem =
          Math.max(1, Arrays.stream(nodes).mapToLong(Node::allocatableMemoryBytes).max().orElse(1));
      double[] size = new double[order.length];
      for (int i = 0; i < order.length; i++) {
        Replica r = replicas.get(i);
        size[i] = Math.max((double) r.cpuMillis() / maxCpu, (double) r.memoryBytes() / maxMem);
      }
      Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -size[i]).thenComparing(i -> i));
    }
    Decision[] out = new Decision[order.length];
    for (int i : order) {
      out[i] = placeOne(replicas.get(i));
    }
    int used = 0;
    for (int c : replicaCount) {
      used += c > 0 ? 1 : 0;
    }
    return new PlacementResult(Arrays.asList(out), used);
  }

  private void claimId(String id) {
    if (!ids.add(id)) {
      throw new IllegalArgumentException(
          "replica id " + id + " appears twice: every replica needs its own id");
    }
  }

  private Key key(int i) {
    return new Key(shapeOf[i], usedCpu[i], usedMem[i]);
  }

  private Decision placeOne(Replica r) {
    boolean svc = r.spread() != Spread.NONE;
    List<Weighted> scorers = new ArrayList<>(strategy.scorers());
    if (r.spread() == Spread.PREFERRED) {
      scorers.add(new Weighted(Scorers.PREFERRED_SPREAD, Scorers.PREFERRED_SPREAD_WEIGHT));
    }
    String[][] stat =
        staticCache.computeIfAbsent(
            new Constraints(r.nodeSelector(), r.tolerations()), c -> staticReasons(r));
    Map<Integer, Integer> holding =
        svc ? serviceNodes.getOrDefault(r.service(), Map.of()) : Map.of();
    Map<Key, List<Integer>> hosting = new HashMap<>();
    for (int i : holding.keySet()) {
      hosting.computeIfAbsent(key(i), k -> new ArrayList<>()).add(i);
    }
    Tally tally = new Tally();
    Top top = new Top();
    for (Map.Entry<Key, TreeSet<Integer>> e : buckets.entrySet()) {
      Key k = e.getKey();
      TreeSet<Integer> set = e.getValue();
      int first = set.first();
      String[] s = stat[k.shape()];
      if (s != null) {
        tally.add(s[0], s[1], set.size(), first);
        continue;
      }
      view.set(first, 0);
      String[] u = check(usageFilters, r);
      if (u != null) {
        tally.add(u[0], u[1], set.size(), first);
        continue;
      }
      if (!svc) {
        top.offer(score(scorers, r), first, set.size());
        continue;
      }
      List<Integer> host = hosting.getOrDefault(k, List.of());
      for (int h : host) {
        evaluate(r, scorers, h, holding.get(h), 1, tally, top);
      }
      if (set.size() > host.size()) {
        for (int i : set) {
          if (!holding.containsKey(i)) {
            evaluate(r, scorers, i, 0, set.size() - host.size(), tally, top);
            break;
          }
        }
      }
    }
    List<Infeasible> infeasible = tally.list(nodes);
    if (top.size == 0) {
      return new Decision(
          r.id(),
          r.service(),
          null,
          Decision.UNSCHEDULABLE,
          unplaced(r, infeasible),
          infeasible,
          List.of());
    }
    List<Candidate> candidates = new ArrayList<>();
    for (int j = 0; j < top.size; j++) {
      int i = top.node[j];
      view.set(i, holding.getOrDefault(i, 0));
      Map<String, Double> parts = new LinkedHashMap<>();
      for (Weighted w : scorers) {
        parts.put(w.scorer().name(), w.scorer().score(r, view));
      }
      candidates.add(new Candidate(nodes[i].name(), top.alike[j], top.score[j], parts));
    }
    int best = top.node[0];
    commit(best, r);
    String message = "placed on node " + nodes[best].name() + " (score " + fmt(top.score[0]) + ")";
    return new Decision(
        r.id(), r.service(), nodes[best].name(), "", message, infeasible, candidates);
  }

  private void evaluate(
      Replica r, List<Weighted> scorers, int node, int count, int alike, Tally tally, Top top) {
    view.set(node, count);
    String[] v = check(serviceFilters, r);
    if (v != null) {
      tally.add(v[0], v[1], alike, node);
    } else {
      top.offer(score(scorers, r), node, alike);
    }
  }

  private void commit(int i, Replica r) {
    Key old = key(i);
    TreeSet<Integer> set = buckets.get(old);
    set.remove(i);
    if (set.isEmpty()) {
      buckets.remove(old);
    }
    usedCpu[i] += r.cpuMillis();
    usedMem[i] += r.memoryBytes();
    replicaCount[i]++;
    serviceNodes.computeIfAbsent(r.service(), k -> new HashMap<>()).merge(i, 1, Integer::sum);
    buckets.computeIfAbsent(key(i), k -> new TreeSet<>()).add(i);
  }

  private String[][] staticReasons(Replica r) {
    String[][] out = new String[shapeNodes.size()][];
    for (int s = 0; s < out.length; s++) {
      NodeView v = NodeView.of(shapeNodes.get(s), 0, 0, 0);
      for (Filter f : nodeFilters) {
        String reason = f.reject(r, v);
        if (reason != null) {
          out[s] = new String[] {f.name(), reason};
          break;
        }
      }
    }
    return out;
  }

  private String[] check(List<Filter> filters, Replica r) {
    for (Filter f : filters) {
      String reason = f.reject(r, view);
      if (reason != null) {
        return new String[] {f.name(), reason};
      }
    }
    return null;
  }

  private double score(List<Weighted> scorers, Replica r) {
    double total = 0;
    for (Weighted w : scorers) {
      total += w.weight() * w.scorer().score(r, view);
    }
    return total;
  }

  private String unplaced(Replica r, List<Infeasible> infeasible) {
    if (nodes.length == 0) {
      return "there are no nodes to place on: add a node";
    }
    StringBuilder m = new StringBuilder("0/").append(nodes.length).append(" nodes are available: ");
    for (int j = 0; j < infeasible.size(); j++) {
      Infeasible x = infeasible.get(j);
      m.append(j == 0 ? "" : ", ").append(x.nodes()).append(' ').append(x.reason());
      m.append(" (").append(x.filter()).append(')');
    }
    m.append('.');
    boolean anyLarge = false;
    Node largest = nodes[0];
    for (Node node : shapeNodes) {
      anyLarge |=
          node.allocatableCpuMillis() >= r.cpuMillis()
              && node.allocatableMemoryBytes() >= r.memoryBytes();
      if (node.allocatableCpuMillis() + (node.allocatableMemoryBytes() >> 20)
          > largest.allocatableCpuMillis() + (largest.allocatableMemoryBytes() >> 20)) {
        largest = node;
      }
    }
    if (!anyLarge) {
      m.append(" The replica requests cpu ")
          .append(Quantities.formatCpu(r.cpuMillis()))
          .append(" and memory ")
          .append(Quantities.describeMemory(r.memoryBytes()))
          .append(", more than any node can hold (largest: ")
          .append(largest.name())
          .append(" with cpu ")
          .append(Quantities.formatCpu(largest.allocatableCpuMillis()))
          .append(" and memory ")
          .append(Quantities.describeMemory(largest.allocatableMemoryBytes()))
          .append(" allocatable): lower the service's resources or add a larger node.");
    } else {
      m.append(" Scale down, free capacity or add nodes that match.");
    }
    return m.toString();
  }

  private static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%.2f", d);
  }

  /** The mutable view of one node, set before each filter or scorer call. */
  private final class View implements NodeView {
    private int i;
    private int count;

    void set(int node, int serviceCount) {
      i = node;
      count = serviceCount;
    }

    @Override
    public Node node() {
      return nodes[i];
    }

    @Override
    public long usedCpuMillis() {
      return usedCpu[i];
    }

    @Override
    public long usedMemoryBytes() {
      return usedMem[i];
    }

    @Override
    public int serviceReplicas() {
      return count;
    }
  }
}
