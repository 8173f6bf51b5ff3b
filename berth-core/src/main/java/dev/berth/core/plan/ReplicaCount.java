package dev.berth.core.plan;

import dev.berth.core.model.ServiceSpec;

/** Who owns a service's replica count across an apply: the one rule, kept in one place. */
public final class ReplicaCount {
  private ReplicaCount() {}

  /**
   * The count to run after applying {@code next} over a service last applied with {@code old}: the
   * autoscaler's current count when both specs autoscale; the new spec's count when it differs from
   * the last applied one (or autoscaling was switched on or off); else {@code replicas}, the
   * current count (kept from {@code berth scale}).
   */
  public static int after(ServiceSpec old, int specReplicas, int replicas, ServiceSpec next) {
    if (next.autoscale() != null && old.autoscale() != null) {
      return replicas;
    }
    return specReplicas != next.replicas()
            || (old.autoscale() != null) != (next.autoscale() != null)
        ? next.replicas()
        : replicas;
  }
}
