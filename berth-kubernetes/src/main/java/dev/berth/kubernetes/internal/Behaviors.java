package dev.berth.kubernetes.internal;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.kubernetes.Manifests;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicyBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spec's {@code behavior} as the HPA's ({@code autoscaling/v2} {@code behavior}), for an HPA
 * and for a ScaledObject's {@code advanced.horizontalPodAutoscalerConfig.behavior}.
 *
 * <p>Only a direction that differs from the HPA's default is written (Berth's defaults are the
 * HPA's, see {@link AutoscaleSpec#DEFAULT_SCALE_UP}), so a spec without {@code behavior} renders
 * none; {@code tolerance} only when not the default 0.1, since it needs Kubernetes 1.33's
 * HPAConfigurableTolerance.
 */
public final class Behaviors {
  private Behaviors() {}

  /** The behavior, or {@code null} when both directions are the defaults. */
  public static HorizontalPodAutoscalerBehavior of(AutoscaleSpec a) {
    HPAScalingRules up =
        a.scaleUp().equals(AutoscaleSpec.DEFAULT_SCALE_UP) ? null : rules(a.scaleUp());
    HPAScalingRules down =
        a.scaleDown().equals(AutoscaleSpec.DEFAULT_SCALE_DOWN) ? null : rules(a.scaleDown());
    if (up == null && down == null) {
      return null;
    }
    HorizontalPodAutoscalerBehavior b = new HorizontalPodAutoscalerBehavior();
    b.setScaleUp(up);
    b.setScaleDown(down);
    return b;
  }

  /** The same as a map in the HPA's field order; empty when both directions are the defaults. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(AutoscaleSpec a) {
    HorizontalPodAutoscalerBehavior b = of(a);
    return b == null
        ? Map.of()
        : new LinkedHashMap<>(Manifests.serialization().convertValue(b, Map.class));
  }

  private static HPAScalingRules rules(AutoscaleSpec.Rules r) {
    HPAScalingRulesBuilder b =
        new HPAScalingRulesBuilder()
            .withStabilizationWindowSeconds(Amounts.seconds(r.stabilizationWindow()))
            .withSelectPolicy(r.selectPolicy().name());
    for (AutoscaleSpec.Policy p : r.policies()) {
      b.addToPolicies(
          new HPAScalingPolicyBuilder()
              .withType(p.type().name())
              .withValue(p.value())
              .withPeriodSeconds(Amounts.atLeastOneSecond(p.period()))
              .build());
    }
    if (r.tolerance() != AutoscaleSpec.DEFAULT_TOLERANCE) {
      b.withTolerance(new Quantity(ScaledObjects.number(r.tolerance())));
    }
    return b.build();
  }
}
