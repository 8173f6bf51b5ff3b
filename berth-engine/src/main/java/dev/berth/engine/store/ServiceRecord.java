package dev.berth.engine.store;

import dev.berth.core.model.ServiceSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * The desired state of one service.
 *
 * <p>{@code specReplicas} is the count the last applied spec said; {@code replicas} is the count to
 * run, which {@code berth scale} changes. An apply resets {@code replicas} only when it changes
 * {@code specReplicas}, as {@code kubectl apply} does with a field it last applied: a scale is not
 * silently undone by re-applying an unchanged file. With {@code autoscale} on in both the old and
 * the new spec, the autoscaler owns {@code replicas}: an apply, a deploy or a rollback keeps it,
 * and the spec's count is only the starting count of a service that had none ({@link
 * #replicasAfter}).
 *
 * @param key the service
 * @param spec the resolved service spec (its own {@code replicas} equals {@code specReplicas})
 * @param templateHash hash of everything in the spec that requires new replicas when it changes
 *     (command, env, resources, health, working directory), not of the replica count
 * @param release label of the release that last changed the template ({@code v3}): what the
 *     service's current replicas run, shown in status and given to apps in {@code BERTH_RELEASE}
 * @param specReplicas replicas as last applied
 * @param replicas replicas to run while not stopped
 * @param stopped {@code berth stop}: run none, remember {@code replicas} for {@code berth start}
 * @param updatedAt last change
 */
public record ServiceRecord(
    ServiceKey key,
    ServiceSpec spec,
    String templateHash,
    String release,
    int specReplicas,
    int replicas,
    boolean stopped,
    Instant updatedAt) {
  public ServiceRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(templateHash, "templateHash");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** How many replicas should run right now. */
  public int desiredReplicas() {
    return stopped ? 0 : replicas;
  }

  /**
   * The count to run after applying {@code next} over this record: the autoscaler's current count
   * when both specs autoscale; otherwise the new spec's count when it differs from the last applied
   * one, else the current count (kept from {@code berth scale}).
   */
  public int replicasAfter(ServiceSpec next) {
    return dev.berth.core.plan.ReplicaCount.after(spec, specReplicas, replicas, next);
  }

  public ServiceRecord withReplicas(int n, Instant now) {
    return new ServiceRecord(key, spec, templateHash, release, specReplicas, n, stopped, now);
  }

  public ServiceRecord withStopped(boolean s, Instant now) {
    return new ServiceRecord(key, spec, templateHash, release, specReplicas, replicas, s, now);
  }
}
