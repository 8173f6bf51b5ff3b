package dev.berth.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.placement.Taint.Effect;
import dev.berth.core.placement.Toleration.Operator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each filter on its own, with the boundary cases. */
class FiltersTest {
  private static final Node NODE = Node.of("n", 1000, 2000);

  @ParameterizedTest(name = "Fit used {0}/{1} + request {2}/{3}")
  @CsvSource({
    "0, 0, 1000, 2000, ''", // exactly allocatable fits
    "1, 0, 1000, 2000, Insufficient cpu",
    "0, 1, 1000, 2000, Insufficient memory",
    "500, 1500, 501, 501, Insufficient cpu and memory",
    "999, 1999, 1, 1, ''",
  })
  void fit(long usedCpu, long usedMem, long cpu, long mem, String want) {
    String got =
        Filters.FIT.reject(Replica.of("r", "s", cpu, mem), NodeView.of(NODE, usedCpu, usedMem, 0));
    assertThat(got == null ? "" : got).isEqualTo(want);
  }

  @Test
  void nodeSelectorNeedsEveryLabelWithTheSameValue() {
    Node n = NODE.withLabels(Map.of("zone", "a", "disk", "ssd"));
    Replica r = Replica.of("r", "s", 1, 1);
    NodeView v = NodeView.of(n, 0, 0, 0);
    assertThat(Filters.NODE_SELECTOR.reject(r, v)).isNull();
    assertThat(Filters.NODE_SELECTOR.reject(r.withNodeSelector(Map.of("zone", "a")), v)).isNull();
    assertThat(
            Filters.NODE_SELECTOR.reject(r.withNodeSelector(Map.of("zone", "a", "disk", "ssd")), v))
        .isNull();
    assertThat(Filters.NODE_SELECTOR.reject(r.withNodeSelector(Map.of("zone", "b")), v))
        .isEqualTo("didn't match node selector");
    assertThat(Filters.NODE_SELECTOR.reject(r.withNodeSelector(Map.of("gpu", "a")), v))
        .isEqualTo("didn't match node selector");
  }

  @Test
  void taintsNeedATolerationExceptPreferNoSchedule() {
    Taint gpu = new Taint("gpu", "true", Effect.NO_SCHEDULE);
    Taint evict = new Taint("maint", "", Effect.NO_EXECUTE);
    Taint soft = new Taint("spot", "", Effect.PREFER_NO_SCHEDULE);
    Replica r = Replica.of("r", "s", 1, 1);
    assertThat(reject(r, soft)).isNull();
    assertThat(reject(r, gpu)).isEqualTo("untolerated taint gpu=true:NO_SCHEDULE");
    assertThat(reject(r, evict)).isEqualTo("untolerated taint maint:NO_EXECUTE");
    assertThat(reject(r.withTolerations(List.of(Toleration.equal("gpu", "true", null))), gpu))
        .isNull();
    assertThat(
            reject(
                r.withTolerations(List.of(Toleration.equal("gpu", "true", Effect.NO_SCHEDULE))),
                gpu))
        .isNull();
    // wrong value, wrong effect
    assertThat(reject(r.withTolerations(List.of(Toleration.equal("gpu", "false", null))), gpu))
        .isNotNull();
    assertThat(
            reject(
                r.withTolerations(List.of(Toleration.equal("gpu", "true", Effect.NO_EXECUTE))),
                gpu))
        .isNotNull();
    // Exists with a key: any value; Exists without a key: everything
    assertThat(
            reject(
                r.withTolerations(List.of(new Toleration("gpu", Operator.EXISTS, "", null))), gpu))
        .isNull();
    assertThat(
            reject(
                r.withTolerations(List.of(new Toleration("", Operator.EXISTS, "", null))),
                gpu,
                evict))
        .isNull();
    // one tolerated, the other not
    assertThat(
            reject(r.withTolerations(List.of(Toleration.equal("gpu", "true", null))), gpu, evict))
        .isEqualTo("untolerated taint maint:NO_EXECUTE");
  }

  private static String reject(Replica r, Taint... taints) {
    return Filters.TAINT_TOLERATION.reject(
        r, NodeView.of(NODE.withTaints(List.of(taints)), 0, 0, 0));
  }

  @ParameterizedTest(name = "spread {0} with {1} replicas of the service on the node")
  @CsvSource({
    "REQUIRED, 0, true",
    "REQUIRED, 1, false",
    "PREFERRED, 1, true",
    "NONE, 3, true",
  })
  void requiredSpread(Spread spread, int count, boolean feasible) {
    Replica r = Replica.of("r", "s", 1, 1).withSpread(spread);
    assertThat(Filters.REQUIRED_SPREAD.reject(r, NodeView.of(NODE, 0, 0, count)) == null)
        .isEqualTo(feasible);
  }

  @Test
  void badInputSaysWhatToFix() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Node.of("n", 0, 1))
        .hasMessageContaining("capacity must be positive");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Node("n", 1000, 1000, 1001, 1000, Map.of(), List.of()))
        .hasMessageContaining("allocatable must be between 0 and the capacity");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Replica.of("r", "s", -1, 5))
        .hasMessageContaining("requests must be positive");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Toleration("", Operator.EQUAL, "x", null))
        .hasMessageContaining("use Exists");
  }
}
