package dev.berth.core.plan;

import dev.berth.core.model.ServiceSpec;
import java.util.Objects;

/**
 * What the store holds for one service, and what runs of it: the planner's view of the present.
 *
 * @param spec the resolved spec last applied (or restored by a rollback)
 * @param templateHash the replica template its replicas run ({@link
 *     dev.berth.core.decide.TemplateHash})
 * @param specReplicas the count the last applied spec said
 * @param replicas the count to run while not stopped ({@code berth scale} or the autoscaler may
 *     have changed it)
 * @param stopped {@code berth stop}
 * @param running replicas that run now, or {@code -1} when unknown (no drift is reported then)
 */
public record StoredService(
    ServiceSpec spec,
    String templateHash,
    int specReplicas,
    int replicas,
    boolean stopped,
    int running) {
  public StoredService {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(templateHash, "templateHash");
  }

  /** The count to run now. */
  public int desired() {
    return stopped ? 0 : replicas;
  }

  /**
   * The count to run after applying {@code next} over this service: the autoscaler's current count
   * when both specs autoscale; otherwise the new spec's count when it differs from the last applied
   * one, else the current count (kept from {@code berth scale}), as {@code kubectl apply} keeps a
   * field changed since it last applied it.
   */
  public int replicasAfter(ServiceSpec next) {
    return ReplicaCount.after(spec, specReplicas, replicas, next);
  }
}
