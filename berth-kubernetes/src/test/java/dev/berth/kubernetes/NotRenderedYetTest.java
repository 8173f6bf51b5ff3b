package dev.berth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

/** What this version does not render is said in the rendering's notes, never dropped silently. */
class NotRenderedYetTest {

  @Test
  void anAutoscaledServiceIsRenderedWithItsStartingCountAndANote() throws Exception {
    String yaml =
        """
        project: lms
        services:
          worker:
            type: worker
            image: registry.example.com/lms/worker:1.4.2
            replicas: 2
            autoscale:
              min: 1
              max: 8
              triggers: [{type: redis-list, address: "redis:6379", listName: jobs, listLength: 5}]
        environments:
          production: {target: kubernetes}
        """;
    Rendering r =
        KubernetesRenderer.render(
            RenderInput.of(
                SpecParser.parse(new SpecSource("berth.yaml", yaml, "")), "production", "v1"));

    assertThat(r.notes())
        .anySatisfy(n -> assertThat(n).contains("'worker' autoscales", "starting count of 2"));
    assertThat(r.objects())
        .extracting(HasMetadata::getKind)
        .contains("Deployment")
        .doesNotContain("ScaledObject", "HorizontalPodAutoscaler");
  }
}
