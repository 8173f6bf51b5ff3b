package dev.berth.bench.placement;

import dev.berth.core.capacity.InstanceType;
import dev.berth.core.capacity.ProvisionOptions;
import dev.berth.core.capacity.ProvisionOptions.Usable;
import dev.berth.core.placement.Decision;
import dev.berth.core.placement.Existing;
import dev.berth.core.placement.Node;
import dev.berth.core.placement.PlacementEngine;
import dev.berth.core.placement.PlacementResult;
import dev.berth.core.placement.Replica;
import dev.berth.core.placement.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packings Berth is compared with, all on identical nodes of one type. */
final class Baselines {
  private Baselines() {}

  /**
   * First-fit decreasing: replicas by the larger of their cpu and memory shares of a node, largest
   * first; each into the first open node with room, else a new node. Returns the node count.
   */
  static int firstFitDecreasing(List<Replica> replicas, Usable u) {
    Replica[] sorted = replicas.toArray(Replica[]::new);
    Arrays.sort(
        sorted,
        (a, b) ->
            Double.compare(
                Math.max((double) b.cpuMillis() / u.cpuMillis(), (double) b.memoryBytes() / u.memoryBytes()),
                Math.max((double) a.cpuMillis() / u.cpuMillis(), (double) a.memoryBytes() / u.memoryBytes())));
    long[] cpu = new long[replicas.size()];
    long[] mem = new long[replicas.size()];
    int[] pods = new int[replicas.size()];
    int bins = 0;
    for (Replica r : sorted) {
      int i = 0;
      while (i < bins
          && !u.fits(cpu[i] + r.cpuMillis(), mem[i] + r.memoryBytes(), pods[i] + 1)) {
        i++;
      }
      if (i == bins) {
        bins++;
      }
      cpu[i] += r.cpuMillis();
      mem[i] += r.memoryBytes();
      pods[i]++;
    }
    return bins;
  }

  /**
   * Bin-centric dot product (Panigrahy et al., "Heuristics for Vector Bin Packing", 2011): open a
   * node, then keep adding the replica whose normalized (cpu, memory) has the largest dot product
   * with the node's normalized free room, among those that fit, until none fits; open the next.
   * Replicas with equal requests form one class, so each step scans the classes, not the replicas.
   */
  static int dotProduct(List<Replica> replicas, Usable u) {
    java.util.TreeMap<List<Long>, int[]> classes = new java.util.TreeMap<>((a, b) -> {
      int c = Long.compare(b.get(0), a.get(0));
      return c != 0 ? c : Long.compare(b.get(1), a.get(1));
    });
    for (Replica r : replicas) {
      classes.computeIfAbsent(List.of(r.cpuMillis(), r.memoryBytes()), k -> new int[1])[0]++;
    }
    List<long[]> sizes = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    classes.forEach((k, v) -> {
      sizes.add(new long[] {k.get(0), k.get(1)});
      counts.add(v);
    });
    int left = replicas.size();
    int bins = 0;
    double cc = u.cpuMillis();
    double cm = u.memoryBytes();
    while (left > 0) {
      bins++;
      long cpu = 0;
      long mem = 0;
      int pods = 0;
      while (true) {
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < sizes.size(); i++) {
          if (counts.get(i)[0] == 0) {
            continue;
          }
          long[] s = sizes.get(i);
          if (!u.fits(cpu + s[0], mem + s[1], pods + 1)) {
            continue;
          }
          double score = s[0] / cc * (u.cpuMillis() - cpu) / cc + s[1] / cm * (u.memoryBytes() - mem) / cm;
          if (score > bestScore) {
            bestScore = score;
            best = i;
          }
        }
        if (best < 0) {
          break;
        }
        cpu += sizes.get(best)[0];
        mem += sizes.get(best)[1];
        pods++;
        counts.get(best)[0]--;
        left--;
      }
    }
    return bins;
  }

  /**
   * A bound at least as tight as L1 that counts large replicas: replicas larger than half a node
   * in one dimension cannot share a node with each other, so they need that many nodes; the rest
   * must fit in what those nodes leave free plus further nodes. The maximum over both dimensions
   * (for "large") and both dimensions (for the rest), and the replica count.
   */
  static long largeItemBound(List<Replica> replicas, Usable u) {
    long best = 0;
    long[] cap = {u.cpuMillis(), u.memoryBytes()};
    for (int d = 0; d < 2; d++) {
      long big = 0;
      long[] bigSum = new long[2];
      long[] restSum = new long[2];
      for (Replica r : replicas) {
        long[] s = {r.cpuMillis(), r.memoryBytes()};
        if (2 * s[d] > cap[d]) {
          big++;
          bigSum[0] += s[0];
          bigSum[1] += s[1];
        } else {
          restSum[0] += s[0];
          restSum[1] += s[1];
        }
      }
      for (int e = 0; e < 2; e++) {
        long free = big * cap[e] - bigSum[e];
        long more = Math.max(0, restSum[e] - free);
        best = Math.max(best, big + (more + cap[e] - 1) / cap[e]);
      }
    }
    return best;
  }

  /** A node of the type, with allocatable = capacity - the options' system reserve. */
  static Node node(String name, InstanceType t, ProvisionOptions o) {
    return new Node(
        name,
        t.cpuMillis(),
        t.memoryBytes(),
        t.cpuMillis() - o.reserve().cpuMillis(t),
        t.memoryBytes() - o.reserve().memoryBytes(t),
        Map.of(),
        List.of());
  }

  /** Berth's engine with a strategy on a pool of {@code poolSize} identical nodes: nodes used. */
  static PlacementResult engine(
      List<Replica> replicas, InstanceType t, ProvisionOptions o, int poolSize, Strategy s) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < poolSize; i++) {
      nodes.add(node(String.format("n%06d", i), t, o));
    }
    return PlacementEngine.place(nodes, replicas, s);
  }

  /**
   * What a default Kubernetes cluster with the Cluster Autoscaler ends at: pods arrive in {@code
   * arrivals} order and kube-scheduler's default scoring (LeastAllocated + BalancedAllocation)
   * places them on the nodes there are; the pods left pending make the autoscaler add as many nodes
   * as its binpacking estimator (first-fit) says they need; repeat until nothing is pending. The
   * scheduler spreads over every node with room, so fragments pile up that the estimator did not
   * foresee. Returns the replicas of every node, by node name (empty nodes included).
   */
  static Map<String, List<Replica>> kubeDefaultWithAutoscaler(List<Replica> arrivals, InstanceType t, ProvisionOptions o) {
    List<Node> nodes = new ArrayList<>();
    List<Existing> existing = new ArrayList<>();
    Map<String, Replica> byId = new HashMap<>();
    arrivals.forEach(r -> byId.put(r.id(), r));
    List<Replica> pending = arrivals;
    Usable u = o.usable(t);
    while (!pending.isEmpty()) {
      if (!nodes.isEmpty()) {
        PlacementResult res = PlacementEngine.place(nodes, existing, pending, Strategy.KUBE_DEFAULT);
        List<Replica> left = new ArrayList<>();
        for (Decision d : res.decisions()) {
          Replica r = byId.get(d.replicaId());
          if (d.placed()) {
            existing.add(new Existing(r.id(), r.service(), d.node(), r.cpuMillis(), r.memoryBytes()));
          } else {
            left.add(r);
          }
        }
        pending = left;
        if (pending.isEmpty()) {
          break;
        }
      }
      int add = Math.max(1, firstFitDecreasing(pending, u));
      for (int i = 0; i < add; i++) {
        nodes.add(node(String.format("n%06d", nodes.size()), t, o));
      }
    }
    Map<String, List<Replica>> out = new java.util.TreeMap<>();
    nodes.forEach(n -> out.put(n.name(), new ArrayList<>()));
    existing.forEach(e -> out.get(e.node()).add(byId.get(e.replicaId())));
    return out;
  }
}
