package dev.berth.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One autoscaling trigger: where a metric comes from and the value per replica it should have.
 *
 * <p>Invariants: {@code name} is unique among the service's triggers (given, or the type's wire
 * name, with {@code -2}, {@code -3} appended to repeats); {@code target > 0} and finite ({@code
 * Utilization}: a percentage of the replicas' requests); {@code activationTarget >= 0}, and the
 * trigger is active only when its metric is strictly greater (as KEDA); {@code params} holds the
 * other parameters exactly as written, under KEDA's names, including {@code <param>FromEnv} names
 * of environment variables that hold connection values (resolved only where the scaler runs, so a
 * secret never sits in the spec, an event or a log). Immutable.
 *
 * @param name how the formula and the reasons refer to it
 * @param type the kind of metric source
 * @param metricType how the metric turns into replicas
 * @param target the metric value one replica should handle (or the total, for {@code Value})
 * @param activationTarget above this the trigger is active: it can wake a service from zero
 * @param params the remaining parameters, by KEDA's name, in spec order
 */
public record TriggerSpec(
    String name,
    TriggerType type,
    MetricType metricType,
    double target,
    double activationTarget,
    Map<String, String> params) {

  /** How a metric is compared with its target, as in a Kubernetes HPA metric target. */
  public enum MetricType {
    /** {@code desired = ceil(metric / target)}: the metric is a total shared by the replicas. */
    AverageValue,
    /** {@code desired = ceil(ready x metric / target)}: the metric should equal the target. */
    Value,
    /** Like Value, for CPU/memory use as a percentage of the replicas' requests. */
    Utilization;

    /** The type written {@code text} (case as in Kubernetes), or {@code null}. */
    public static MetricType fromWire(String text) {
      for (MetricType t : values()) {
        if (t.name().equals(text)) {
          return t;
        }
      }
      return null;
    }
  }

  public TriggerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(metricType, "metricType");
    if (!(target > 0) || Double.isInfinite(target)) {
      throw new IllegalArgumentException("target must be a finite number > 0: " + target);
    }
    if (!(activationTarget >= 0) || Double.isInfinite(activationTarget)) {
      throw new IllegalArgumentException("activationTarget must be finite and >= 0");
    }
    params =
        params == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }

  /** The parameter {@code key} as written, or {@code null}. */
  public String param(String key) {
    return params.get(key);
  }
}
