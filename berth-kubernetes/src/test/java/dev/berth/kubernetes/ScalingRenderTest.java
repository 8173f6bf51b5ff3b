package dev.berth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Autoscaling on Kubernetes: a KEDA ScaledObject whose triggers carry the spec's parameters as they
 * are, or (without KEDA's CRDs) an HPA for cpu/memory and a warning for the rest.
 */
class ScalingRenderTest {

  static Rendering render(String autoscale, boolean keda) throws Exception {
    String yaml =
        """
        project: shop
        services:
          worker:
            type: worker
            image: r.example/shop:1
            env: {PG: "postgres://db/shop"}
            autoscale:
        %s
        environments:
          production: {target: kubernetes}
        """
            .formatted(autoscale.indent(6).stripTrailing());
    return KubernetesRenderer.render(
        RenderInput.of(SpecParser.parse(new SpecSource("berth.yaml", yaml, "")), "production", "v1")
            .withKeda(keda));
  }

  static List<String> kinds(Rendering r) {
    return r.objects().stream().map(HasMetadata::getKind).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(Rendering r) {
    GenericKubernetesResource so =
        (GenericKubernetesResource)
            r.objects().stream()
                .filter(o -> o.getKind().equals("ScaledObject"))
                .findFirst()
                .orElseThrow();
    assertThat(so.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
    return (Map<String, Object>) so.getAdditionalProperties().get("spec");
  }

  @Test
  @SuppressWarnings("unchecked")
  void triggersKeepKedasParameterNamesWithTheTargetPutBack() throws Exception {
    Rendering r =
        render(
            """
            min: 0
            max: 12
            triggers:
              - type: postgresql
                connectionFromEnv: PG
                query: "SELECT count(*) FROM jobs"
                targetQueryValue: 2.5
                activationTargetQueryValue: 1
                metricType: Value
              - {type: prometheus, serverAddress: "http://prom:9090", query: up, threshold: 100, ignoreNullValues: false}
              - {type: nats-jetstream, natsServerMonitoringEndpoint: "nats:8222", stream: s, consumer: c, lagThreshold: 10}
              - {type: metrics-api, url: "http://web/queue", valueLocation: queue.depth, targetValue: 4}
            fallback: {failureThreshold: 2, replicas: 3, behavior: currentReplicasIfHigher}
            """,
            true);
    Map<String, Object> spec = spec(r);
    List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");

    assertThat(spec)
        .containsEntry("minReplicaCount", 0)
        .containsEntry("maxReplicaCount", 12)
        .containsEntry("pollingInterval", 1)
        .containsEntry("cooldownPeriod", 300)
        .doesNotContainKey("advanced");
    assertThat(spec.get("scaleTargetRef"))
        .isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "worker"));
    assertThat(spec.get("fallback"))
        .isEqualTo(
            Map.of("failureThreshold", 2, "replicas", 3, "behavior", "currentReplicasIfHigher"));
    assertThat(triggers)
        .extracting(t -> t.get("type"))
        .containsExactly("postgresql", "prometheus", "nats-jetstream", "metrics-api");
    assertThat(triggers.get(0))
        .containsEntry("metricType", "Value")
        .containsEntry(
            "metadata",
            Map.of(
                "connectionFromEnv", "PG",
                "query", "SELECT count(*) FROM jobs",
                "targetQueryValue", "2.5",
                "activationTargetQueryValue", "1"));
    assertThat((Map<String, String>) triggers.get(1).get("metadata"))
        .containsEntry("threshold", "100")
        .containsEntry("ignoreNullValues", "false")
        .doesNotContainKey("activationThreshold");
    assertThat((Map<String, String>) triggers.get(3).get("metadata"))
        .containsEntry("valueLocation", "queue.depth")
        .containsEntry("targetValue", "4");
    assertThat(r.notes()).isEmpty();
    assertThat(Fixtures.unknownFields(r.objects().get(r.objects().size() - 1))).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void behaviorGoesIntoTheHpaConfigOfTheScaledObject() throws Exception {
    Map<String, Object> spec =
        spec(
            render(
                """
                min: 1
                max: 4
                triggers: [{type: cpu, value: 60}]
                behavior:
                  scaleUp: {stabilizationWindow: 30s, selectPolicy: Min, policies: [{type: Percent, value: 50, period: 1m}]}
                """,
                true));
    Map<String, Object> behavior =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) spec.get("advanced"))
                        .get("horizontalPodAutoscalerConfig"))
                .get("behavior");

    assertThat(behavior).containsOnlyKeys("scaleUp");
    assertThat((Map<String, Object>) behavior.get("scaleUp"))
        .containsEntry("stabilizationWindowSeconds", 30)
        .containsEntry("selectPolicy", "Min")
        .containsEntry(
            "policies", List.of(Map.of("type", "Percent", "value", 50, "periodSeconds", 60)));
  }

  @Test
  void theHttpTriggerNeedsKedasAddOnAndIsLeftOutWithANote() throws Exception {
    Rendering r =
        render(
            """
            min: 1
            max: 4
            triggers:
              - {type: http, targetConcurrency: 10}
              - {type: redis-list, address: "redis:6379", listName: jobs, listLength: 5}
            """,
            true);

    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("http", "HTTP add-on"));
    assertThat(spec(r).get("triggers").toString()).contains("redis").doesNotContain("http");
  }

  @Test
  void withOnlyAnHttpTriggerThereIsNoScaledObject() throws Exception {
    Rendering r = render("min: 1\nmax: 4\ntriggers: [{type: http, targetConcurrency: 10}]", true);

    assertThat(kinds(r)).doesNotContain("ScaledObject", "HorizontalPodAutoscaler");
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("no trigger KEDA can read"));
  }

  @Test
  void withoutKedaCpuAndMemoryBecomeAnHpaAndTheOtherTriggersAWarning() throws Exception {
    Rendering r =
        render(
            """
            min: 0
            max: 6
            triggers:
              - {type: cpu, value: 75}
              - {type: redis-list, name: jobs, address: "redis:6379", listName: jobs, listLength: 5}
            """,
            false);
    HorizontalPodAutoscaler hpa =
        r.objects().stream()
            .filter(HorizontalPodAutoscaler.class::isInstance)
            .map(HorizontalPodAutoscaler.class::cast)
            .findFirst()
            .orElseThrow();

    assertThat(kinds(r)).doesNotContain("ScaledObject");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("worker");
    assertThat(hpa.getSpec().getMinReplicas()).as("an HPA cannot scale to zero").isEqualTo(1);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
    assertThat(hpa.getSpec().getMetrics())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getResource().getName()).isEqualTo("cpu");
              assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(75);
            });
    assertThat(r.notes())
        .anySatisfy(n -> assertThat(n).contains("warning", "jobs (redis-list)", "need KEDA"))
        .anySatisfy(n -> assertThat(n).contains("cannot scale to zero"));
  }

  @Test
  void withoutKedaAndWithoutCpuOrMemoryNothingScalesItAndTheWarningSaysSo() throws Exception {
    Rendering r =
        render(
            "min: 1\nmax: 3\ntriggers: [{type: metrics-api, url: \"http://w/q\", valueLocation: d, targetValue: 2}]",
            false);

    assertThat(kinds(r)).doesNotContain("ScaledObject", "HorizontalPodAutoscaler");
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("nothing scales it"));
  }
}
