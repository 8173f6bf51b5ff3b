package dev.berth.core.autoscale;

import java.util.Map;

/**
 * One reading of a trigger's metric, as its metric source produced it: a number, a number per
 * replica ({@code cpu}, {@code memory}: use as a percentage of the replica's request, or an amount
 * for {@code AverageValue}), or an error.
 *
 * <p>Invariant: exactly one of the three is set. The decision, not the source, judges the number:
 * NaN, infinite or negative values count as errors, so a broken source can never scale a service
 * down.
 *
 * @param value the metric (for per-replica readings: their mean), or NaN
 * @param perReplica the metric of each replica by replica id, or empty
 * @param error why there is no metric (broker down, authentication refused, not a number), or
 *     {@code null}; never holds a secret (sources redact)
 */
public record Reading(double value, Map<String, Double> perReplica, String error) {

  public Reading {
    perReplica = perReplica == null ? Map.of() : Map.copyOf(perReplica);
  }

  /** A single number. */
  public static Reading of(double value) {
    return new Reading(value, Map.of(), null);
  }

  /** A number per replica (by replica id); replicas without a sample are left out. */
  public static Reading perReplica(Map<String, Double> values) {
    double mean = values.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return new Reading(mean, values, null);
  }

  /** No number: {@code why} says what went wrong. */
  public static Reading error(String why) {
    return new Reading(Double.NaN, Map.of(), why == null || why.isBlank() ? "failed" : why);
  }

  /** Why this reading cannot be used, or {@code null} when it can. */
  public String problem() {
    if (error != null) {
      return error;
    }
    for (double v : perReplica.values()) {
      if (!Double.isFinite(v) || v < 0) {
        return "a replica's metric is " + v + ", not a number of at least 0";
      }
    }
    if (!Double.isFinite(value) || value < 0) {
      return "the metric is " + value + ", not a number of at least 0";
    }
    return null;
  }
}
