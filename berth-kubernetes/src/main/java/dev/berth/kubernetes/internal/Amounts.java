package dev.berth.kubernetes.internal;

import dev.berth.core.model.Resources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Berth's resources and durations in Kubernetes' units. */
public final class Amounts {
  private Amounts() {}

  /** {@code 2} for whole cores, else {@code 250m}. */
  public static String cpu(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  /** The largest binary unit that divides the amount exactly: {@code 1Gi}, {@code 256Mi}. */
  public static String memory(long bytes) {
    String[] units = {"Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (10 * (units.length - i));
      if (bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }

  /**
   * Requests always (admission counts them); a limit only where the spec sets one (0 = none), as
   * locally.
   */
  public static ResourceRequirements resources(Resources r) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(cpu(r.cpuMillis())));
    requests.put("memory", new Quantity(memory(r.memoryBytes())));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    if (r.cpuLimitMillis() > 0) {
      limits.put("cpu", new Quantity(cpu(r.cpuLimitMillis())));
    }
    if (r.memoryLimitBytes() > 0) {
      limits.put("memory", new Quantity(memory(r.memoryLimitBytes())));
    }
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  /** Whole seconds, rounded up (Kubernetes counts probes and deadlines in seconds). */
  public static int seconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return (int) Math.min(Integer.MAX_VALUE, s);
  }

  /** Whole seconds rounded up, at least 1 (a probe's period and timeout). */
  public static int atLeastOneSecond(Duration d) {
    return Math.max(1, seconds(d));
  }
}
