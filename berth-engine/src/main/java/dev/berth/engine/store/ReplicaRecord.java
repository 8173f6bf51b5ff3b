package dev.berth.engine.store;

import dev.berth.core.model.Resources;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import java.time.Instant;
import java.util.Objects;

/**
 * A replica as the control plane last recorded it: enough to show status, to find a leftover
 * process after a crash of the control plane (the incarnation), and to decide what to do next.
 *
 * @param id unique replica id
 * @param key the service it belongs to
 * @param templateHash the template it was made from; a different hash than the service's means it
 *     is outdated and will be replaced
 * @param state last observed state ({@link ReplicaState#PENDING} until admitted)
 * @param ready last observed readiness
 * @param restarts restarts so far
 * @param incarnation pid, start time and port of its process, or {@code null}
 * @param node where it is placed, or empty while pending
 * @param startedAt when its current process started, or {@code null}
 * @param reason short reason for the state, or empty
 * @param message human detail, or empty
 * @param stopRequested the controller wants it gone (scale down, outdated, service removed)
 * @param createdAt when the controller created it
 * @param updatedAt last change
 * @param readySince when it last became ready, or {@code null} while not ready (a rollout counts a
 *     replica as available once it has been ready for the service's {@code minReady})
 */
public record ReplicaRecord(
    String id,
    ServiceKey key,
    String templateHash,
    long cpuMillis,
    long memoryBytes,
    ReplicaState state,
    boolean ready,
    int restarts,
    Incarnation incarnation,
    String node,
    Instant startedAt,
    String reason,
    String message,
    boolean stopRequested,
    Instant createdAt,
    Instant updatedAt,
    Instant readySince) {
  public ReplicaRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(templateHash, "templateHash");
    Objects.requireNonNull(state, "state");
    node = node == null ? "" : node;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    readySince = ready ? readySince : null;
  }

  /** A fresh, not yet admitted replica. */
  public static ReplicaRecord pending(
      String id, ServiceKey key, String templateHash, Resources requests, Instant now) {
    return new ReplicaRecord(
        id,
        key,
        templateHash,
        requests.cpuMillis(),
        requests.memoryBytes(),
        ReplicaState.PENDING,
        false,
        0,
        null,
        "",
        null,
        "",
        "",
        false,
        now,
        now,
        null);
  }

  public ReplicaRecord withStopRequested(Instant now) {
    return new ReplicaRecord(
        id,
        key,
        templateHash,
        cpuMillis,
        memoryBytes,
        state,
        ready,
        restarts,
        incarnation,
        node,
        startedAt,
        reason,
        message,
        true,
        createdAt,
        now,
        readySince);
  }

  public ReplicaRecord withPending(String reasonText, String messageText, Instant now) {
    return new ReplicaRecord(
        id,
        key,
        templateHash,
        cpuMillis,
        memoryBytes,
        ReplicaState.PENDING,
        false,
        restarts,
        incarnation,
        node,
        startedAt,
        reasonText,
        messageText,
        stopRequested,
        createdAt,
        now,
        null);
  }

  public ReplicaRecord withNode(String nodeName, Instant now) {
    return new ReplicaRecord(
        id,
        key,
        templateHash,
        cpuMillis,
        memoryBytes,
        ReplicaState.STARTING,
        false,
        restarts,
        incarnation,
        nodeName,
        startedAt,
        "",
        "",
        stopRequested,
        createdAt,
        now,
        null);
  }

  /** The same replica, now known to run as {@code found} (a process found after a restart). */
  public ReplicaRecord withIncarnation(Incarnation found, Instant now) {
    return new ReplicaRecord(
        id,
        key,
        templateHash,
        cpuMillis,
        memoryBytes,
        state,
        ready,
        restarts,
        found,
        node,
        startedAt,
        reason,
        message,
        stopRequested,
        createdAt,
        now,
        readySince);
  }
}
