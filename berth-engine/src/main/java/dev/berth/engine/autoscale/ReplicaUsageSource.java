package dev.berth.engine.autoscale;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.Resources;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code cpu} and {@code memory} triggers: each replica's latest usage sample as the runtime
 * reported it ({@link ReplicaStatus#cpuMillis()}, {@link ReplicaStatus#memoryBytes()}; the local
 * runtime samples every replica's process group every few seconds), as a per-replica {@link
 * Reading}.
 *
 * <p>{@code Utilization}: the sample as a percentage of the replica's request ({@code
 * resources.cpu} / {@code memory}, or their defaults), as the HPA divides pod usage by pod
 * requests. {@code AverageValue}: the sample itself (millicores, bytes), against the target
 * quantity. Replicas without a sample yet ({@code -1}) are left out: the decision counts them as
 * <em>missing</em>, as the HPA does. Each read takes one short read transaction (the service's
 * resources and its replicas, so a changed {@code resources} block counts at once) and no other IO.
 */
public final class ReplicaUsageSource implements TriggerSource {
  private final TriggerSpec trigger;
  private final ServiceKey service;
  private final Store store;
  private final Function<String, Optional<ReplicaStatus>> statuses;

  /**
   * @param statuses the runtime's latest status of a replica (the controller's runtime cache)
   */
  public ReplicaUsageSource(
      TriggerSpec trigger,
      ServiceKey service,
      Store store,
      Function<String, Optional<ReplicaStatus>> statuses) {
    if (!trigger.type().resource()) {
      throw new IllegalArgumentException("not a cpu or memory trigger: " + trigger.type());
    }
    this.trigger = trigger;
    this.service = service;
    this.store = store;
    this.statuses = statuses;
  }

  private record Found(Resources resources, List<String> replicas) {}

  @Override
  public Reading read() {
    Found found;
    try {
      found =
          store.read(
              (StoreTx tx) -> {
                Optional<ServiceRecord> svc = tx.services().get(service);
                if (svc.isEmpty()) {
                  return null;
                }
                List<String> ids =
                    tx.replicas().list(service).stream().map(ReplicaRecord::id).toList();
                return new Found(svc.get().spec().resources(), ids);
              });
    } catch (RuntimeException e) {
      return Reading.error("the replicas could not be read: " + e.getMessage());
    }
    if (found == null) {
      return Reading.error("the service is gone");
    }
    boolean cpu = trigger.type() == TriggerType.CPU;
    double request = cpu ? found.resources().cpuMillis() : found.resources().memoryBytes();
    boolean percent = trigger.metricType() == MetricType.Utilization;
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String id : found.replicas()) {
      Optional<ReplicaStatus> st = statuses.apply(id);
      if (st.isEmpty()) {
        continue;
      }
      long used = cpu ? st.get().cpuMillis() : st.get().memoryBytes();
      if (used < 0) {
        continue; // not sampled yet: missing
      }
      samples.put(id, percent ? 100.0 * used / request : (double) used);
    }
    return Reading.perReplica(samples);
  }
}
