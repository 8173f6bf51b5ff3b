package dev.berth.kubernetes.internal;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerType;
import dev.berth.core.spec.internal.TriggerParams;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An autoscaled service as a KEDA {@code ScaledObject} ({@code keda.sh/v1alpha1}), for a cluster
 * that has KEDA's CRDs.
 *
 * <p>The spec already uses KEDA's model and names, so the mapping is 1:1: {@code min}/{@code max}
 * -> {@code minReplicaCount}/{@code maxReplicaCount}, {@code pollingInterval}, {@code cooldown} ->
 * {@code cooldownPeriod}, {@code initialCooldown} -> {@code initialCooldownPeriod} (when set),
 * {@code fallback}, {@code behavior} -> {@code advanced.horizontalPodAutoscalerConfig.behavior}
 * (only the directions that differ from the HPA's defaults), {@code advanced.formula} -> {@code
 * advanced.scalingModifiers}; each trigger keeps its name, metric type and parameters ({@code
 * <param>FromEnv} included: KEDA resolves those from the Deployment's container environment, which
 * holds the service's ConfigMap), with the target and activation put back under KEDA's parameter
 * names. Trigger types differ only in {@code redis-list} -> KEDA's {@code redis}.
 *
 * <p>Not rendered, each with a note: Berth's own {@code http} trigger (KEDA needs its HTTP add-on,
 * an HTTPScaledObject), and a {@code nats-jetstream} trigger read through {@code url} (KEDA reads
 * the monitoring endpoint only). A formula that names a trigger left out is left out too. Without
 * any trigger left, no ScaledObject.
 *
 * <p>Maps are built in a fixed order and numbers written without a trailing {@code .0}, so the
 * output is deterministic.
 */
public final class ScaledObjects {

  public static final String API_VERSION = "keda.sh/v1alpha1";
  public static final String KIND = "ScaledObject";

  /** The CRD whose presence says KEDA is installed. */
  public static final String CRD = "scaledobjects.keda.sh";

  private ScaledObjects() {}

  /** The ScaledObject, or none when no trigger can be rendered (with notes saying why). */
  public static List<HasMetadata> of(ServiceSpec s, Meta meta, List<String> notes) {
    AutoscaleSpec a = s.autoscale();
    List<Map<String, Object>> triggers = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (TriggerSpec t : a.triggers()) {
      Map<String, Object> k = trigger(s, t, notes);
      if (k == null) {
        skipped.add(t.name());
      } else {
        triggers.add(k);
      }
    }
    if (triggers.isEmpty()) {
      notes.add(
          "service '"
              + s.name()
              + "' has no trigger KEDA can read, so no ScaledObject is rendered: it runs its"
              + " starting count of "
              + s.replicas()
              + " replicas");
      return List.of();
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("apiVersion", "apps/v1");
    target.put("kind", "Deployment");
    target.put("name", s.name());
    spec.put("scaleTargetRef", target);
    spec.put("pollingInterval", Amounts.atLeastOneSecond(a.pollingInterval()));
    spec.put("cooldownPeriod", Amounts.seconds(a.cooldown()));
    if (!a.initialCooldown().isZero()) {
      spec.put("initialCooldownPeriod", Amounts.seconds(a.initialCooldown()));
    }
    spec.put("minReplicaCount", a.min());
    spec.put("maxReplicaCount", a.max());
    if (a.fallback() != null) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("failureThreshold", a.fallback().failureThreshold());
      f.put("replicas", a.fallback().replicas());
      if (a.fallback().behavior() != AutoscaleSpec.FallbackBehavior.STATIC) {
        f.put("behavior", a.fallback().behavior().wireName());
      }
      spec.put("fallback", f);
    }
    Map<String, Object> advanced = new LinkedHashMap<>();
    Map<String, Object> behavior = Behaviors.asMap(a);
    if (!behavior.isEmpty()) {
      advanced.put("horizontalPodAutoscalerConfig", Map.of("behavior", behavior));
    }
    if (a.formula() != null) {
      List<String> missing =
          skipped.stream().filter(n -> a.formula().expression().contains(n)).toList();
      if (missing.isEmpty()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formula", a.formula().expression());
        m.put("target", number(a.formula().target()));
        m.put("activationTarget", number(a.formula().activationTarget()));
        m.put("metricType", a.formula().metricType().name());
        advanced.put("scalingModifiers", m);
      } else {
        notes.add(
            "service '"
                + s.name()
                + "': the formula is not rendered, it names triggers KEDA cannot read ("
                + String.join(", ", missing)
                + "): KEDA takes the highest of the other triggers' recommendations");
      }
    }
    if (!advanced.isEmpty()) {
      spec.put("advanced", advanced);
    }
    spec.put("triggers", triggers);
    GenericKubernetesResource so =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(API_VERSION)
            .withKind(KIND)
            .withMetadata(meta.object(s.name(), s.name(), Workloads.component(s)))
            .build();
    so.setAdditionalProperty("spec", spec);
    return List.of(so);
  }

  /** KEDA's scaler name for a trigger type. */
  public static String kedaType(TriggerType t) {
    return t == TriggerType.REDIS_LIST ? "redis" : t.wireName();
  }

  private static Map<String, Object> trigger(ServiceSpec s, TriggerSpec t, List<String> notes) {
    if (t.type() == TriggerType.HTTP) {
      notes.add(
          "service '"
              + s.name()
              + "': trigger '"
              + t.name()
              + "' (http) is not rendered: KEDA scales on HTTP traffic only with its HTTP add-on"
              + " (an HTTPScaledObject); use a prometheus trigger on your ingress' request"
              + " metrics instead");
      return null;
    }
    if (t.type() == TriggerType.NATS_JETSTREAM
        && (t.params().containsKey("url") || t.params().containsKey("urlFromEnv"))) {
      notes.add(
          "service '"
              + s.name()
              + "': trigger '"
              + t.name()
              + "' (nats-jetstream) reads the JetStream API through url, which KEDA cannot: give"
              + " natsServerMonitoringEndpoint instead to scale on Kubernetes");
      return null;
    }
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("type", kedaType(t.type()));
    k.put("name", t.name());
    k.put("metricType", t.metricType().name());
    k.put("metadata", metadata(t));
    return k;
  }

  /** The trigger's parameters as KEDA's metadata: every value a string, target and activation. */
  static Map<String, String> metadata(TriggerSpec t) {
    Map<String, String> m = new LinkedHashMap<>();
    String unit = null;
    for (Map.Entry<String, String> e : t.params().entrySet()) {
      if (t.type().resource() && e.getKey().equals("unit")) {
        unit = e.getValue();
      } else if (t.type() != TriggerType.HTTP) {
        m.put(e.getKey(), e.getValue());
      }
    }
    String target = TriggerParams.targetParam(t.type());
    if (target != null) {
      m.put(target, resourceAmount(t.target(), unit));
    }
    String activation = TriggerParams.activationParam(t.type());
    if (activation != null && t.activationTarget() > 0) {
      m.put(activation, number(t.activationTarget()));
    }
    return m;
  }

  /**
   * A cpu/memory AverageValue target as a quantity ({@code 250m}, {@code 512Mi}); else a number.
   */
  static String resourceAmount(double value, String unit) {
    if ("millicores".equals(unit)) {
      return Amounts.cpu((long) value);
    }
    if ("bytes".equals(unit)) {
      return Amounts.memory((long) value);
    }
    return number(value);
  }

  /** {@code 5} rather than {@code 5.0}; {@code 0.5} as it is. */
  public static String number(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
