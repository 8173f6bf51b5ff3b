package dev.berth.core.capacity;

import dev.berth.core.spec.Quantities;
import java.util.Map;
import java.util.Objects;

/**
 * A machine type that can be bought by the hour: what a node of this type offers before the system
 * reserve, and what it costs.
 *
 * <p>Invariants: the name is not blank; cpu and memory are {@code > 0}; the price is {@code >= 0}
 * and kept in micro-dollars per hour ({@link #microsPerHour()}) so that costs add up exactly and
 * "cheaper" is never decided by a rounding error.
 *
 * @param cpuMillis the type's vCPUs in millicores (2 vCPU = 2000)
 * @param memoryBytes the type's memory in bytes
 * @param microsPerHour the on-demand price in millionths of a US dollar per hour
 * @param labels what node selectors match, always with {@code instance-type} (the name) and {@code
 *     family} (the part before the first dot)
 */
public record InstanceType(
    String name, long cpuMillis, long memoryBytes, long microsPerHour, Map<String, String> labels) {

  /** Label with the type's name (Kubernetes: {@code node.kubernetes.io/instance-type}). */
  public static final String TYPE_LABEL = "instance-type";

  /** Label with the family: {@code m6i} for {@code m6i.large}. */
  public static final String FAMILY_LABEL = "family";

  public InstanceType {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an instance type needs a name");
    }
    if (cpuMillis <= 0 || memoryBytes <= 0) {
      throw new IllegalArgumentException(
          "instance type "
              + name
              + ": cpu and memory must be positive, got cpu="
              + cpuMillis
              + "m memory="
              + memoryBytes
              + " bytes; give the type's real vCPUs and memory (cpu: 2, memory: 8Gi)");
    }
    if (microsPerHour < 0) {
      throw new IllegalArgumentException(
          "instance type " + name + ": pricePerHour must be >= 0, got " + microsPerHour / 1e6);
    }
    Map<String, String> all = new java.util.TreeMap<>(Objects.requireNonNull(labels, "labels"));
    all.put(TYPE_LABEL, name);
    int dot = name.indexOf('.');
    all.putIfAbsent(FAMILY_LABEL, dot > 0 ? name.substring(0, dot) : name);
    labels = java.util.Collections.unmodifiableMap(all);
  }

  /** A type with the two standard labels only. */
  public static InstanceType of(String name, long cpuMillis, long memoryBytes, double perHour) {
    return new InstanceType(name, cpuMillis, memoryBytes, micros(perHour), Map.of());
  }

  /** Dollars per hour to micro-dollars, rounded to the nearest. */
  public static long micros(double dollars) {
    if (Double.isNaN(dollars) || Double.isInfinite(dollars)) {
      throw new IllegalArgumentException("a price must be a number, got " + dollars);
    }
    return Math.round(dollars * 1_000_000);
  }

  public double pricePerHour() {
    return microsPerHour / 1e6;
  }

  /** Whether this type carries every label of the selector with the same value. */
  public boolean matches(Map<String, String> selector) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return name
        + " ("
        + Quantities.formatCpu(cpuMillis)
        + " cpu, "
        + Quantities.describeMemory(memoryBytes)
        + ", $"
        + pricePerHour()
        + "/h)";
  }
}
