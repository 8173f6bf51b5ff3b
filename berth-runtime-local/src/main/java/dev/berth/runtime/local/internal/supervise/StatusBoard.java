package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.ExitInfo;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What one replica's supervisor shows of itself: the fields of its {@link ReplicaStatus}, changed
 * in place by the supervisor and its {@link Probing} on the supervisor thread, and published as a
 * new status only when something changed, so watchers see each change once and in order.
 */
final class StatusBoard {
  private static final String NODE = "local";

  private final String id;
  private final Consumer<ReplicaStatus> sink;
  private ReplicaStatus published;

  ReplicaState state = ReplicaState.PENDING;
  boolean ready;
  int restarts;
  String reason = "";
  String message = "";
  ExitInfo lastExit;
  Instant nextStartAt;
  long cpuMillis = -1;
  long memoryBytes = -1;

  StatusBoard(String id, Consumer<ReplicaStatus> sink) {
    this.id = id;
    this.sink = sink;
  }

  /** The status with {@code run} (or none) as the current process. */
  ReplicaStatus status(ProcessRun run) {
    return new ReplicaStatus(
        id,
        state,
        ready,
        restarts,
        run == null ? null : run.incarnation(),
        NODE,
        run == null ? null : run.startedAt,
        reason,
        message,
        lastExit,
        nextStartAt,
        cpuMillis,
        memoryBytes);
  }

  /** Sends the status to the sink unless it equals the last one sent. */
  void publish(ProcessRun run) {
    ReplicaStatus st = status(run);
    if (!st.equals(published)) {
      published = st;
      sink.accept(st);
    }
  }

  /** No usage known (no process, or a new one not sampled yet). */
  void clearUsage() {
    cpuMillis = -1;
    memoryBytes = -1;
  }
}
