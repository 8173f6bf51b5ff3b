package dev.berth.kubernetes.internal;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTargetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An autoscaled service as an {@code autoscaling/v2} HorizontalPodAutoscaler, for a cluster without
 * KEDA: the {@code cpu} and {@code memory} triggers become Resource metrics ({@code Utilization} as
 * {@code averageUtilization}, {@code AverageValue} as {@code averageValue}), {@code behavior} is
 * the HPA's own, {@code min}/{@code max} its bounds.
 *
 * <p>Each thing the HPA cannot do is a note, never dropped silently: the other triggers (they need
 * KEDA), scaling to zero ({@code min: 0} becomes 1), {@code fallback}, a formula, and {@code
 * pollingInterval}/{@code cooldown} (the HPA syncs every 15 s, cluster-wide). Without a cpu or
 * memory trigger there is no HPA: the service runs its starting count.
 */
public final class Hpas {
  private Hpas() {}

  public static List<HasMetadata> of(ServiceSpec s, Meta meta, List<String> notes) {
    AutoscaleSpec a = s.autoscale();
    List<MetricSpec> metrics = new ArrayList<>();
    List<String> needKeda = new ArrayList<>();
    for (TriggerSpec t : a.triggers()) {
      if (t.type().resource()) {
        metrics.add(metric(t));
      } else {
        needKeda.add(t.name() + " (" + t.type().wireName() + ")");
      }
    }
    String who = "service '" + s.name() + "'";
    if (!needKeda.isEmpty()) {
      notes.add(
          "warning: "
              + who
              + ": triggers "
              + String.join(", ", needKeda)
              + " need KEDA, which this cluster does not have (no CRD "
              + ScaledObjects.CRD
              + "): they are not rendered. Install KEDA (https://keda.sh/docs/deploy/) and apply"
              + " again to get a ScaledObject");
    }
    if (metrics.isEmpty()) {
      notes.add(
          "warning: "
              + who
              + " autoscales on no cpu or memory trigger, so without KEDA nothing scales it: it"
              + " runs its starting count of "
              + s.replicas()
              + " replicas");
      return List.of();
    }
    if (a.min() == 0) {
      notes.add("warning: " + who + ": an HPA cannot scale to zero, min 0 is rendered as 1");
    }
    if (a.fallback() != null || a.formula() != null) {
      notes.add(
          "warning: "
              + who
              + ": fallback and advanced.formula are KEDA's and not rendered in an HPA");
    }
    return List.of(
        new HorizontalPodAutoscalerBuilder()
            .withMetadata(meta.object(s.name(), s.name(), Workloads.component(s)))
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(s.name())
            .endScaleTargetRef()
            .withMinReplicas(Math.max(1, a.min()))
            .withMaxReplicas(a.max())
            .withMetrics(metrics)
            .withBehavior(Behaviors.of(a))
            .endSpec()
            .build());
  }

  private static MetricSpec metric(TriggerSpec t) {
    MetricTargetBuilder target = new MetricTargetBuilder();
    if (t.metricType() == TriggerSpec.MetricType.Utilization) {
      target.withType("Utilization").withAverageUtilization((int) Math.ceil(t.target()));
    } else {
      String unit = t.type() == TriggerType.CPU ? "millicores" : "bytes";
      target
          .withType("AverageValue")
          .withAverageValue(new Quantity(ScaledObjects.resourceAmount(t.target(), unit)));
    }
    return new MetricSpecBuilder()
        .withType("Resource")
        .withNewResource()
        .withName(t.type().wireName().toLowerCase(Locale.ROOT))
        .withTarget(target.build())
        .endResource()
        .build();
  }
}
