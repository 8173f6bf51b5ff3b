package dev.berth.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.capacity.Consolidation.Kind;
import dev.berth.core.placement.Replica;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolidatorTest {
  static final long GI = 1L << 30;
  static final ProvisionOptions BARE = ProvisionerTest.BARE;
  static final InstanceType SMALL = InstanceType.of("small", 2000, 8 * GI, 0.1);
  static final InstanceType BIG = InstanceType.of("big", 8000, 32 * GI, 0.4);
  static final Catalog CATALOG = new Catalog(List.of(SMALL, BIG), "t");

  static Replica r(String id, long cpu) {
    return Replica.of(id, "web", cpu, GI);
  }

  @Test
  void aNodeWhoseReplicasFitElsewhereIsDeleted() {
    List<ClusterNode> cluster =
        List.of(
            new ClusterNode("a", SMALL, List.of(r("1", 500))),
            new ClusterNode("b", SMALL, List.of(r("2", 500), r("3", 500))));
    Consolidation k = Consolidator.consolidate(cluster, CATALOG, BARE, 10);
    assertThat(k.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Kind.DELETE);
              assertThat(a.removed()).containsExactly("a");
              assertThat(a.moves()).containsEntry("1", "b");
              assertThat(a.savingMicros()).isEqualTo(100_000);
            });
    assertThat(k.microsAfter()).isEqualTo(100_000);
  }

  @Test
  void aHalfEmptyBigNodeIsReplacedByACheaperOne() {
    List<ClusterNode> cluster = List.of(new ClusterNode("a", BIG, List.of(r("1", 1000))));
    Consolidation k = Consolidator.consolidate(cluster, CATALOG, BARE, 1);
    assertThat(k.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Kind.REPLACE);
              assertThat(a.replacement()).isEqualTo(SMALL);
              assertThat(a.savingMicros()).isEqualTo(300_000);
            });
    assertThat(k.after()).singleElement().satisfies(n -> assertThat(n.type()).isEqualTo(SMALL));
  }

  @Test
  void severalNodesAreReplacedByOneInASingleMultiNodeStep() {
    List<ClusterNode> cluster =
        List.of(
            new ClusterNode("a", BIG, List.of(r("1", 1500))),
            new ClusterNode("b", BIG, List.of(r("2", 1500))),
            new ClusterNode("c", BIG, List.of(r("3", 1500))));
    Consolidation k = Consolidator.consolidate(cluster, CATALOG, BARE, 3);
    assertThat(k.actions()).hasSize(1);
    assertThat(k.actions().get(0).removed()).hasSize(3);
    assertThat(k.actions().get(0).replacement()).isEqualTo(BIG);
    assertThat(k.microsAfter()).isEqualTo(400_000);
  }

  @Test
  void theDisruptionBudgetCapsTheNodesRemoved() {
    List<ClusterNode> cluster =
        List.of(
            new ClusterNode("a", BIG, List.of(r("1", 1500))),
            new ClusterNode("b", BIG, List.of(r("2", 1500))),
            new ClusterNode("c", BIG, List.of(r("3", 1500))));
    assertThat(Consolidator.consolidate(cluster, CATALOG, BARE, 0).actions()).isEmpty();
    Consolidation one = Consolidator.consolidate(cluster, CATALOG, BARE, 1);
    assertThat(one.actions()).singleElement().satisfies(a -> assertThat(a.removed()).hasSize(1));
    assertThatThrownBy(() -> Consolidator.consolidate(cluster, CATALOG, BARE, -1))
        .hasMessageContaining("budget");
  }

  @Test
  void nothingHappensWhenNothingIsCheaper() {
    List<ClusterNode> cluster =
        List.of(new ClusterNode("a", SMALL, List.of(r("1", 1500), r("2", 500))));
    Consolidation k = Consolidator.consolidate(cluster, CATALOG, BARE, 5);
    assertThat(k.actions()).isEmpty();
    assertThat(k.microsAfter()).isEqualTo(k.microsBefore());
  }
}
