package dev.berth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendered object survives fabric8's (Jackson) serialization as YAML and as JSON without
 * loss, and every field of the rendered YAML is one the typed Kubernetes model knows.
 */
class RoundTripTest {

  private static final KubernetesSerialization S = Manifests.serialization();

  @ParameterizedTest
  @ValueSource(strings = {"web", "worker", "release", "cron", "autoscale", "autoscale-hpa"})
  void everyObjectRoundTripsWithoutLoss(String spec) {
    for (HasMetadata o : Fixtures.render(spec).objects()) {
      String yaml = Manifests.yaml(o);
      KubernetesResource fromYaml = S.unmarshal(yaml);
      KubernetesResource fromJson = S.unmarshal(S.asJson(o));

      assertThat(fromYaml).as(o.getKind()).isInstanceOf(o.getClass()).isEqualTo(o);
      assertThat(fromJson).as(o.getKind()).isEqualTo(o);
      assertThat(S.asYaml(fromYaml)).isEqualTo(yaml);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "worker", "release", "cron", "autoscale", "autoscale-hpa"})
  void theRenderedYamlHasNoFieldTheTypedModelDoesNotKnow(String spec) {
    for (HasMetadata o : Fixtures.render(spec).objects()) {
      Object typed = S.unmarshal(Manifests.yaml(o));
      assertThat(Fixtures.unknownFields(typed)).as(o.getKind()).isEmpty();
    }
  }

  @Test
  void theStrictCheckFindsAnUnknownField() {
    String yaml =
        Manifests.yaml(
                Fixtures.render("web").objects().stream()
                    .filter(o -> o.getKind().equals("Deployment"))
                    .findFirst()
                    .orElseThrow())
            .replace("  replicas: 3\n", "  replicas: 3\n  replicaz: 4\n")
            .replace(
                "        name: \"web\"\n", "        name: \"web\"\n        imagePullPolice: x\n");
    Object typed = S.unmarshal(yaml);

    assertThat(Fixtures.unknownFields(typed))
        .containsExactlyInAnyOrder(
            "Deployment.Spec.replicaz",
            "Deployment.Spec.Template.Spec.Containers[0].imagePullPolice");
  }
}
