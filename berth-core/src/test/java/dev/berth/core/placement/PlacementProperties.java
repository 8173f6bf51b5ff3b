package dev.berth.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.placement.Taint.Effect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The invariants of {@link PlacementEngine#place} over random clusters and replicas. */
class PlacementProperties {

  record Case(
      List<Node> nodes, List<Existing> existing, List<Replica> replicas, Strategy strategy) {
    PlacementResult run() {
      return PlacementEngine.place(nodes, existing, replicas, strategy);
    }
  }

  private static final List<Map<String, String>> LABELS =
      List.of(
          Map.of(), Map.of("zone", "a"), Map.of("zone", "b"), Map.of("zone", "a", "disk", "ssd"));
  private static final List<List<Taint>> TAINTS =
      List.of(
          List.of(),
          List.of(new Taint("gpu", "true", Effect.NO_SCHEDULE)),
          List.of(new Taint("spot", "", Effect.PREFER_NO_SCHEDULE)));
  private static final List<List<Toleration>> TOLERATIONS =
      List.of(List.of(), List.of(Toleration.equal("gpu", "true", null)));

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Node> node =
        Combinators.combine(
                Arbitraries.of(1000L, 2000L, 4000L),
                Arbitraries.of(1000L, 4000L, 8000L),
                Arbitraries.integers().between(0, LABELS.size() - 1),
                Arbitraries.integers().between(0, TAINTS.size() - 1),
                Arbitraries.integers().between(0, 2))
            .as(
                (cpu, mem, l, t, reserve) ->
                    new Node(
                        "x",
                        cpu,
                        mem,
                        cpu - reserve * 100,
                        mem - reserve * 100,
                        LABELS.get(l),
                        TAINTS.get(t)));
    Arbitrary<List<Node>> nodes =
        node.list().ofMinSize(0).ofMaxSize(8).map(PlacementProperties::named);
    Arbitrary<Replica> replica =
        Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.longs().between(1, 2500),
                Arbitraries.longs().between(1, 5000),
                Arbitraries.integers().between(0, LABELS.size() - 1),
                Arbitraries.integers().between(0, TOLERATIONS.size() - 1))
            .as(
                (svc, cpu, mem, l, t) ->
                    new Replica(
                        "x",
                        "svc" + svc,
                        cpu,
                        mem,
                        l < 3 ? LABELS.get(l) : Map.of("host", "node-a0"),
                        TOLERATIONS.get(t),
                        spreadOf(svc)));
    Arbitrary<List<Replica>> replicas = replica.list().ofMaxSize(30);
    Arbitrary<List<Long>> seeds = Arbitraries.longs().list().ofMaxSize(6);
    return Combinators.combine(nodes, replicas, seeds, Arbitraries.of(Strategy.class))
        .as(
            (ns, rs, ex, strategy) -> {
              List<Replica> named = new ArrayList<>();
              for (int i = 0; i < rs.size(); i++) {
                Replica r = rs.get(i);
                named.add(
                    new Replica(
                        r.service() + "-" + i,
                        r.service(),
                        r.cpuMillis(),
                        r.memoryBytes(),
                        r.nodeSelector(),
                        r.tolerations(),
                        r.spread()));
              }
              List<Existing> existing = new ArrayList<>();
              for (int i = 0; i < ex.size() && !ns.isEmpty(); i++) {
                Random rnd = new Random(ex.get(i));
                Node n = ns.get(rnd.nextInt(ns.size()));
                existing.add(
                    new Existing(
                        "old-" + i,
                        "svc" + rnd.nextInt(5),
                        n.name(),
                        rnd.nextInt(800),
                        rnd.nextInt(1500)));
              }
              return new Case(ns, existing, named, strategy);
            });
  }

  /** Spread is a service setting: svc0, svc1 required, svc2 preferred, the rest none. */
  private static Spread spreadOf(int svc) {
    return svc < 2 ? Spread.REQUIRED : svc == 2 ? Spread.PREFERRED : Spread.NONE;
  }

  private static List<Node> named(List<Node> ns) {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < ns.size(); i++) {
      Node n = ns.get(i);
      out.add(
          new Node(
              "node-" + (char) ('a' + (i * 5) % 8) + i,
              n.capacityCpuMillis(),
              n.capacityMemoryBytes(),
              n.allocatableCpuMillis(),
              n.allocatableMemoryBytes(),
              withHost(n.labels(), "node-" + (char) ('a' + (i * 5) % 8) + i),
              n.taints()));
    }
    return out;
  }

  /** Every node carries its own host label, as Kubernetes nodes do. */
  private static Map<String, String> withHost(Map<String, String> labels, String host) {
    Map<String, String> out = new HashMap<>(labels);
    out.put("host", host);
    return out;
  }

  @Property
  void noPlacementEverExceedsAllocatable(@ForAll("cases") Case c) {
    PlacementResult res = c.run();
    Map<String, long[]> existing = new HashMap<>();
    for (Existing e : c.existing()) {
      long[] u = existing.computeIfAbsent(e.node(), k -> new long[2]);
      u[0] += e.cpuMillis();
      u[1] += e.memoryBytes();
    }
    Map<String, long[]> total = new HashMap<>();
    existing.forEach((k, v) -> total.put(k, v.clone()));
    Map<String, Replica> byId = new HashMap<>();
    c.replicas().forEach(r -> byId.put(r.id(), r));
    Map<String, Integer> placedOn = new HashMap<>();
    for (Decision d : res.placed()) {
      long[] u = total.computeIfAbsent(d.node(), k -> new long[2]);
      u[0] += byId.get(d.replicaId()).cpuMillis();
      u[1] += byId.get(d.replicaId()).memoryBytes();
      placedOn.merge(d.node(), 1, Integer::sum);
    }
    for (Node n : c.nodes()) {
      if (placedOn.containsKey(n.name())) {
        long[] u = total.get(n.name());
        assertThat(u[0]).isLessThanOrEqualTo(n.allocatableCpuMillis());
        assertThat(u[1]).isLessThanOrEqualTo(n.allocatableMemoryBytes());
      }
    }
  }

  @Property
  void requiredSpreadIsNeverViolated(@ForAll("cases") Case c) {
    Map<String, Integer> existing = new HashMap<>();
    for (Existing e : c.existing()) {
      existing.merge(e.service() + "@" + e.node(), 1, Integer::sum);
    }
    Map<String, Integer> placed = new HashMap<>();
    for (Decision d : c.run().placed()) {
      if (spreadOf(Integer.parseInt(d.service().substring(3))) == Spread.REQUIRED) {
        String k = d.service() + "@" + d.node();
        assertThat(existing.getOrDefault(k, 0)).as(k).isZero();
        assertThat(placed.merge(k, 1, Integer::sum)).as(k).isEqualTo(1);
      }
    }
  }

  @Property
  void everyReplicaIsPlacedOrReportedWithAReason(@ForAll("cases") Case c) {
    PlacementResult res = c.run();
    assertThat(res.decisions())
        .extracting(Decision::replicaId)
        .containsExactlyElementsOf(c.replicas().stream().map(Replica::id).toList());
    for (Decision d : res.decisions()) {
      if (d.placed()) {
        assertThat(d.reason()).isEmpty();
        assertThat(d.top().get(0).node()).isEqualTo(d.node());
      } else {
        assertThat(d.reason()).isEqualTo(Decision.UNSCHEDULABLE);
        assertThat(d.message()).isNotBlank();
        // every node is accounted for under the filter that rejected it
        assertThat(d.infeasible().stream().mapToInt(Decision.Infeasible::nodes).sum())
            .isEqualTo(c.nodes().size());
      }
    }
  }

  @Property
  void deterministicWhateverTheOrderOfNodes(@ForAll("cases") Case c, @ForAll long seed) {
    List<Node> shuffled = new ArrayList<>(c.nodes());
    Collections.shuffle(shuffled, new Random(seed));
    PlacementResult a = c.run();
    PlacementResult b = PlacementEngine.place(shuffled, c.existing(), c.replicas(), c.strategy());
    assertThat(b).isEqualTo(a);
  }

  @Property
  void theIndexChoosesWhatScoringEveryNodeWouldChoose(@ForAll("cases") Case c) {
    assertThat(c.run().decisions())
        .extracting(Decision::node)
        .containsExactlyElementsOf(
            NaivePlacement.place(c.nodes(), c.existing(), c.replicas(), c.strategy()));
  }

  @Property
  void binpackNeverBeatsTheLowerBoundOnIdenticalNodes(
      @ForAll @IntRange(min = 1, max = 60) int count,
      @ForAll("sizes") List<long[]> sizes,
      @ForAll("nodeSizes") long[] node) {
    List<Replica> rs = new ArrayList<>();
    long sumCpu = 0;
    long sumMem = 0;
    for (int i = 0; i < sizes.size(); i++) {
      long cpu = Math.min(sizes.get(i)[0], node[0]);
      long mem = Math.min(sizes.get(i)[1], node[1]);
      rs.add(Replica.of("r" + i, "s" + i % 3, cpu, mem));
      sumCpu += cpu;
      sumMem += mem;
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < Math.max(count, rs.size()); i++) {
      nodes.add(Node.of("n" + i, node[0], node[1]));
    }
    PlacementResult res = PlacementEngine.place(nodes, rs, Strategy.BINPACK);
    long l1 = Math.max(ceilDiv(sumCpu, node[0]), ceilDiv(sumMem, node[1]));
    assertThat(res.unplaceable()).isEmpty();
    assertThat((long) res.nodesUsed()).isGreaterThanOrEqualTo(l1);
  }

  @Provide
  Arbitrary<List<long[]>> sizes() {
    return Combinators.combine(
            Arbitraries.of(100L, 250L, 500L, 1000L, 1500L),
            Arbitraries.of(128L, 256L, 512L, 1024L, 3000L))
        .as((c, m) -> new long[] {c, m})
        .list()
        .ofMaxSize(60);
  }

  @Provide
  Arbitrary<long[]> nodeSizes() {
    return Arbitraries.of(
        new long[] {2000, 4096}, new long[] {4000, 16384}, new long[] {1500, 8192});
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
