package dev.berth.core.autoscale;

import java.util.Objects;

/**
 * What the autoscaler needs to know of one replica of the service: whether it has started (a
 * pending replica has no process or pod yet) and whether it is ready. Replicas being stopped are
 * left out by the caller, as the HPA skips pods being deleted.
 *
 * @param id the replica's id, as in per-replica readings
 * @param pending not started yet
 * @param ready passing its readiness probe
 */
public record ReplicaView(String id, boolean pending, boolean ready) {
  public ReplicaView {
    Objects.requireNonNull(id, "id");
  }
}
