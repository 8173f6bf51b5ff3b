package dev.berth.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.placement.Taint.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's rules on small, hand-checked clusters. */
class PlacementEngineTest {
  static final long GI = 1L << 30;

  private static List<Node> nodes(int n, long cpu, long mem) {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Node.of("node-" + i, cpu, mem));
    }
    return out;
  }

  private static List<Replica> replicas(String service, int n, long cpu, long mem) {
    List<Replica> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Replica.of(service + "-" + i, service, cpu, mem));
    }
    return out;
  }

  @Test
  void binpackFillsOneNodeBeforeTheNextWhileKubeDefaultSpreads() {
    List<Node> nodes = nodes(4, 4000, 8 * GI);
    List<Replica> rs = replicas("web", 4, 1000, 2 * GI);
    PlacementResult bin = PlacementEngine.place(nodes, rs, Strategy.BINPACK);
    assertThat(bin.nodesUsed()).isEqualTo(1);
    assertThat(bin.decisions()).allMatch(d -> d.node().equals("node-0"));
    PlacementResult kube = PlacementEngine.place(nodes, rs, Strategy.KUBE_DEFAULT);
    assertThat(kube.nodesUsed()).isEqualTo(4);
    assertThat(PlacementEngine.place(nodes, rs, Strategy.MOST_ALLOCATED).nodesUsed()).isEqualTo(1);
    assertThat(PlacementEngine.place(nodes, rs, Strategy.SPREAD).nodesUsed()).isEqualTo(4);
  }

  @Test
  void requiredSpreadGivesEachReplicaItsOwnNodeAndReportsTheRest() {
    List<Replica> rs =
        replicas("db", 3, 100, GI).stream().map(r -> r.withSpread(Spread.REQUIRED)).toList();
    PlacementResult res = PlacementEngine.place(nodes(2, 4000, 8 * GI), rs, Strategy.BINPACK);
    assertThat(res.placed())
        .extracting(Decision::node)
        .containsExactlyInAnyOrder("node-0", "node-1");
    Decision left = res.unplaceable().get(0);
    assertThat(left.reason()).isEqualTo(Decision.UNSCHEDULABLE);
    assertThat(left.infeasible())
        .containsExactly(
            new Decision.Infeasible(
                "RequiredSpread",
                "already runs a replica of the service (spread: required)",
                2,
                List.of("node-0", "node-1")));
    assertThat(left.message())
        .startsWith(
            "0/2 nodes are available: 2 already runs a replica of the service (spread: required)");
  }

  @Test
  void preferredSpreadSpreadsEvenUnderBinpackButNeverBlocks() {
    List<Replica> rs =
        replicas("api", 3, 100, GI).stream().map(r -> r.withSpread(Spread.PREFERRED)).toList();
    PlacementResult res = PlacementEngine.place(nodes(2, 4000, 8 * GI), rs, Strategy.BINPACK);
    assertThat(res.unplaceable()).isEmpty();
    assertThat(res.nodesUsed()).isEqualTo(2);
    assertThat(res.decisions().get(2).top().get(0).parts().keySet())
        .containsExactly("Binpack", "PreferredSpread");
  }

  @Test
  void existingPlacementsUseTheirNodeAndCountForSpread() {
    List<Node> nodes = nodes(2, 2000, 4 * GI);
    List<Existing> existing = List.of(new Existing("old-1", "db", "node-0", 1500, GI));
    Replica r = Replica.of("db-1", "db", 1000, GI).withSpread(Spread.REQUIRED);
    Decision d =
        PlacementEngine.place(nodes, existing, List.of(r), Strategy.BINPACK).decisions().get(0);
    assertThat(d.node()).isEqualTo("node-1");
    assertThat(d.infeasible())
        .extracting(Decision.Infeasible::filter, Decision.Infeasible::nodes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Fit", 1));
  }

  @Test
  void explainsEveryInfeasibleNodeUnderItsFirstFilterAndTheTopCandidates() {
    List<Node> nodes = new ArrayList<>();
    nodes.add(
        Node.of("a-tainted", 4000, 8 * GI)
            .withTaints(List.of(new Taint("gpu", "", Effect.NO_SCHEDULE))));
    nodes.add(Node.of("b-other-zone", 4000, 8 * GI).withLabels(Map.of("zone", "b")));
    nodes.add(Node.of("c-small", 500, 8 * GI).withLabels(Map.of("zone", "a")));
    nodes.add(Node.of("d", 4000, 8 * GI).withLabels(Map.of("zone", "a")));
    nodes.add(Node.of("e", 4000, 8 * GI).withLabels(Map.of("zone", "a")));
    nodes.add(Node.of("f", 8000, 8 * GI).withLabels(Map.of("zone", "a")));
    Replica r = Replica.of("web-1", "web", 1000, GI).withNodeSelector(Map.of("zone", "a"));
    Decision d =
        PlacementEngine.place(nodes, List.of(r), Strategy.LEAST_ALLOCATED).decisions().get(0);
    assertThat(d.infeasible())
        .extracting(Decision.Infeasible::filter, Decision.Infeasible::nodes)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("TaintToleration", 1),
            org.assertj.core.groups.Tuple.tuple("NodeSelector", 1),
            org.assertj.core.groups.Tuple.tuple("Fit", 1));
    // LeastAllocated: f: cpu 7000*100/8000 = 87, memory 7*100/8 = 87 -> 87; d, e: 75 and 87 -> 81
    assertThat(d.node()).isEqualTo("f");
    assertThat(d.top())
        .extracting(Decision.Candidate::node, Decision.Candidate::score, Decision.Candidate::alike)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("f", 87.0, 1),
            org.assertj.core.groups.Tuple.tuple("d", 81.0, 2));
    assertThat(d.message()).isEqualTo("placed on node f (score 87.00)");
  }

  @Test
  void aReplicaLargerThanEveryNodeIsReportedWithTheLargestNode() {
    Replica big = Replica.of("ml-0", "ml", 16_000, 64 * GI);
    List<Node> nodes = List.of(Node.of("small", 2000, 8 * GI), Node.of("large", 8000, 32 * GI));
    Decision d = PlacementEngine.place(nodes, List.of(big), Strategy.BINPACK).decisions().get(0);
    assertThat(d.placed()).isFalse();
    assertThat(d.message())
        .contains("0/2 nodes are available: 2 Insufficient cpu and memory (Fit)")
        .contains("more than any node can hold (largest: large with cpu 8")
        .contains("add a larger node");
  }

  @Test
  void noNodesMeansEveryReplicaIsReported() {
    PlacementResult res =
        PlacementEngine.place(List.of(), replicas("web", 2, 100, GI), Strategy.BINPACK);
    assertThat(res.unplaceable()).hasSize(2);
    assertThat(res.decisions().get(0).message()).contains("no nodes").contains("add a node");
  }

  @Test
  void badInputIsRejectedWithWhatToFix() {
    List<Node> two = List.of(Node.of("n", 1000, GI), Node.of("n", 1000, GI));
    assertThatThrownBy(() -> PlacementEngine.place(two, List.of(), Strategy.BINPACK))
        .hasMessageContaining("two nodes are named n");
    List<Replica> dup = List.of(Replica.of("r", "s", 1, 1), Replica.of("r", "s", 1, 1));
    assertThatThrownBy(() -> PlacementEngine.place(nodes(1, 1000, GI), dup, Strategy.BINPACK))
        .hasMessageContaining("replica id r appears twice");
    List<Existing> stray = List.of(new Existing("x", "s", "gone", 1, 1));
    assertThatThrownBy(
            () -> PlacementEngine.place(nodes(1, 1000, GI), stray, List.of(), Strategy.BINPACK))
        .hasMessageContaining("not among the nodes");
  }

  @Test
  void binpackPlacesLargestFirstButAnswersInTheOrderGiven() {
    // 2 nodes of 1000m: given small-first, first-fit in order would strand the 700m ones
    List<Replica> rs =
        List.of(
            Replica.of("s1", "s", 300, 1),
            Replica.of("s2", "s", 300, 1),
            Replica.of("b1", "b", 700, 1),
            Replica.of("b2", "b", 700, 1));
    PlacementResult res = PlacementEngine.place(nodes(2, 1000, GI), rs, Strategy.BINPACK);
    assertThat(res.unplaceable()).isEmpty();
    assertThat(res.decisions())
        .extracting(Decision::replicaId)
        .containsExactly("s1", "s2", "b1", "b2");
    PlacementResult inOrder =
        PlacementEngine.place(nodes(2, 1000, GI), rs, Strategy.MOST_ALLOCATED);
    assertThat(inOrder.unplaceable()).extracting(Decision::replicaId).containsExactly("b2");
  }
}
