package dev.berth.kubernetes.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.kubernetes.KubernetesRenderer;
import dev.berth.kubernetes.Manifests;
import dev.berth.kubernetes.RenderInput;
import dev.berth.kubernetes.Rendering;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once an autoscaler (a ScaledObject or an HPA) scales a Deployment, an apply keeps its live
 * replica count: neither a difference nor an update that resets it to the starting count.
 */
class ScaledReplicasTest {

  static Rendering render(String image, boolean keda) throws Exception {
    String yaml =
        """
        project: shop
        services:
          worker:
            type: worker
            image: IMAGE
            replicas: 2
            autoscale: {min: 1, max: 9, triggers: [{type: cpu, value: 70}]}
        environments:
          production: {target: kubernetes}
        """
            .replace("IMAGE", image);
    return KubernetesRenderer.render(
        RenderInput.of(SpecParser.parse(new SpecSource("berth.yaml", yaml, "")), "production", "v1")
            .withKeda(keda));
  }

  /** The rendering as live objects, with the autoscaler's 7 replicas on the Deployment. */
  static List<HasMetadata> liveWithSevenReplicas(Rendering r) {
    List<HasMetadata> live = new ArrayList<>();
    for (HasMetadata o : r.objects()) {
      HasMetadata copy = Manifests.serialization().clone(o);
      if (copy instanceof Deployment d) {
        d.getSpec().setReplicas(7);
      }
      live.add(copy);
    }
    return live;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theAutoscalersCountIsNotADifference(boolean keda) throws Exception {
    Rendering r = render("r/shop:1", keda);

    List<ApplyPlan.Step> steps =
        ApplyPlan.decide(
            r.objects(), liveWithSevenReplicas(r), List.of(), Manifests.serialization());

    assertThat(steps).extracting(ApplyPlan.Step::action).containsOnly(ApplyPlan.Action.UNCHANGED);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anUpdateKeepsTheAutoscalersCount(boolean keda) throws Exception {
    List<HasMetadata> live = liveWithSevenReplicas(render("r/shop:1", keda));
    Rendering v2 = render("r/shop:2", keda);

    List<ApplyPlan.Step> steps =
        ApplyPlan.decide(v2.objects(), live, List.of(), Manifests.serialization());

    Deployment d =
        steps.stream()
            .filter(s -> s.action() == ApplyPlan.Action.UPDATE)
            .map(ApplyPlan.Step::object)
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(d.getSpec().getReplicas()).isEqualTo(7);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("r/shop:2");
  }
}
