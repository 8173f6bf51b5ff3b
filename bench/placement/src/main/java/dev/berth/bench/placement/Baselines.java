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
