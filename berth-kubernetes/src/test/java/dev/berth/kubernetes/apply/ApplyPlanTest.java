package dev.berth.kubernetes.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.kubernetes.Manifests;
import dev.berth.kubernetes.apply.ApplyPlan.Action;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The apply decision on its own: what counts as unchanged, and what pruning may touch. */
class ApplyPlanTest {

  static ConfigMap cm(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .endMetadata()
        .withData(data)
        .build();
  }

  static List<Action> decide(
      List<HasMetadata> desired, List<HasMetadata> live, List<HasMetadata> managed) {
    return ApplyPlan.decide(desired, live, managed, Manifests.serialization()).stream()
        .map(ApplyPlan.Step::action)
        .toList();
  }

  @Test
  void whatTheServerAddsDoesNotMakeAnObjectChanged() {
    ConfigMap live = cm("a", Map.of("K", "v"));
    live.getMetadata().setResourceVersion("42");
    live.getMetadata().setUid("u-1");
    live.getMetadata().setAnnotations(Map.of("kubectl.kubernetes.io/last-applied", "x"));

    assertThat(decide(List.of(cm("a", Map.of("K", "v"))), List.of(live), List.of()))
        .containsExactly(Action.UNCHANGED);
    assertThat(decide(List.of(cm("a", Map.of("K", "w"))), List.of(live), List.of()))
        .containsExactly(Action.UPDATE);
    assertThat(
            decide(
                List.of(cm("a", Map.of("K", "v"))), Arrays.asList((HasMetadata) null), List.of()))
        .containsExactly(Action.CREATE);
  }

  @Test
  void pruningTakesOnlyListedObjectsTheRenderingLacksAndNeverANamespace() {
    List<HasMetadata> managed =
        List.of(
            cm("kept", Map.of()),
            cm("gone", Map.of()),
            new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build());

    List<ApplyPlan.Step> steps =
        ApplyPlan.decide(
            List.of(cm("kept", Map.of())),
            List.of(cm("kept", Map.of())),
            managed,
            Manifests.serialization());

    assertThat(steps)
        .extracting(s -> s.action() + " " + s.object().getMetadata().getName())
        .containsExactly("UNCHANGED kept", "PRUNE gone");
  }
}
