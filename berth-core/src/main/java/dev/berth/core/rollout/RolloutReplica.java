package dev.berth.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The rollout's view of one replica of a service.
 *
 * @param id replica id
 * @param templateHash its template ({@link dev.berth.core.decide.TemplateHash})
 * @param placed admitted to a node (not pending for room)
 * @param ready passes readiness now
 * @param readySince when it last became ready, or {@code null} when not ready or unknown; with
 *     {@code minReady} above zero an unknown time counts as "not yet available"
 * @param stopRequested already being stopped: on its way out, counted nowhere
 * @param createdAt creation time, for "newer first" ordering
 * @param crashLooping the runtime is backing off its restarts
 */
public record RolloutReplica(
    String id,
    String templateHash,
    boolean placed,
    boolean ready,
    Instant readySince,
    boolean stopRequested,
    Instant createdAt,
    boolean crashLooping) {

  public RolloutReplica {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(templateHash, "templateHash");
    Objects.requireNonNull(createdAt, "createdAt");
    ready = ready && placed;
    readySince = ready ? readySince : null;
  }

  /**
   * Available, as Kubernetes means it: ready for at least {@code minReady}. Only available replicas
   * count towards the floor a rolling update keeps.
   */
  public boolean available(Instant now, Duration minReady) {
    if (!ready) {
      return false;
    }
    if (minReady.isZero()) {
      return true;
    }
    return readySince != null && !readySince.plus(minReady).isAfter(now);
  }

  /**
   * Which replica to stop first, as Kubernetes' ReplicaSet controller ranks them: pending before
   * placed, not ready before ready, ready but not yet available before available, newer before
   * older; ids break ties so the order is total.
   */
  static Comparator<RolloutReplica> stopFirst(Instant now, Duration minReady) {
    return Comparator.comparing(RolloutReplica::placed)
        .thenComparing(RolloutReplica::ready)
        .thenComparing((RolloutReplica r) -> r.available(now, minReady))
        .thenComparing(RolloutReplica::createdAt, Comparator.reverseOrder())
        .thenComparing(RolloutReplica::id, Comparator.reverseOrder());
  }
}
