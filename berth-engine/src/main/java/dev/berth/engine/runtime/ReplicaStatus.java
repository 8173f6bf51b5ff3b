package dev.berth.engine.runtime;

import java.time.Instant;

/**
 * What a runtime observes of one replica at one moment. Immutable snapshot; a change produces a new
 * one.
 *
 * @param id replica id
 * @param state lifecycle state
 * @param ready whether it passes its readiness probe and may receive traffic
 * @param restarts how many times the runtime restarted it (not counting the first start)
 * @param incarnation pid, start time and port of the current process, or {@code null} when none
 *     runs
 * @param node the node it runs on
 * @param startedAt when the current process started, or {@code null}
 * @param reason why it is in this state (e.g. {@code CrashLoopBackOff}, {@code OOMKilled}), or
 *     empty
 * @param message human detail for the reason, or empty
 * @param lastExit how the previous run ended, or {@code null}
 * @param nextStartAt with {@link ReplicaState#BACKOFF}: when the next start is due
 * @param cpuMillis recent CPU usage in millicores, {@code -1} when not sampled
 * @param memoryBytes current resident memory in bytes, {@code -1} when not sampled
 */
public record ReplicaStatus(
    String id,
    ReplicaState state,
    boolean ready,
    int restarts,
    Incarnation incarnation,
    String node,
    Instant startedAt,
    String reason,
    String message,
    ExitInfo lastExit,
    Instant nextStartAt,
    long cpuMillis,
    long memoryBytes) {

  public ReplicaStatus {
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  public int port() {
    return incarnation == null ? 0 : incarnation.port();
  }

  public long pid() {
    return incarnation == null ? 0 : incarnation.pid();
  }
}
