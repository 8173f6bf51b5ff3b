package dev.berth.kubernetes.internal;

import dev.berth.core.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The extension points for what other issues add to the spec, rendered nothing today.
 *
 * <ul>
 *   <li>{@link #cronJob}: a cron service's CronJob (schedule, {@code timeZone}, {@code
 *       concurrencyPolicy}, deadlines, history limits) — the cron issue's fields are being added.
 *   <li>{@link #scaling}: a service's KEDA ScaledObject or autoscaling/v2 HorizontalPodAutoscaler —
 *       rendered next (the autoscaling issue's {@code autoscale} is parsed and run locally).
 * </ul>
 *
 * Each returns the objects to add (in apply order, after the Deployments) and adds a note when it
 * skips something, so an export never silently drops a service.
 */
public final class NotRenderedYet {
  private NotRenderedYet() {}

  /** A cron service's objects: none yet, with a note. */
  public static List<HasMetadata> cronJob(ServiceSpec s, Meta meta, List<String> notes) {
    notes.add(
        "cron service '"
            + s.name()
            + "' is not rendered yet (no CronJob): this version renders web services and workers");
    return List.of();
  }

  /**
   * A service's autoscaling objects: none yet. An autoscaled service is exported with its starting
   * count, and a note says that nothing scales it on the cluster.
   */
  public static List<HasMetadata> scaling(ServiceSpec s, Meta meta, List<String> notes) {
    if (s.autoscale() != null) {
      notes.add(
          "service '"
              + s.name()
              + "' autoscales, which is not rendered yet (no KEDA ScaledObject or"
              + " HorizontalPodAutoscaler): it is exported with its starting count of "
              + s.replicas()
              + " replicas, and nothing scales it on the cluster");
    }
    return List.of();
  }
}
