package dev.berth.engine.app.status;

import dev.berth.engine.runtime.ReplicaState;
import java.time.Instant;

/**
 * One replica in {@code berth status -o json}. Field names are part of the JSON contract in
 * DESIGN.md ({@code id, state, ready, restarts, pid, port, node, startedAt}); the rest are
 * additions.
 *
 * @param id replica id
 * @param state its state, written lower case ({@code running}, {@code pending}, {@code backoff},
 *     ...); {@code terminating} from the moment a stop is recorded
 * @param ready receives traffic
 * @param restarts restarts so far
 * @param pid process id, {@code 0} if none
 * @param port local port, {@code 0} if none
 * @param node node name, empty while pending
 * @param startedAt when the current process started, or {@code null}
 * @param reason why it is in this state, or empty
 * @param message detail, or empty
 * @param outdated runs an older template and will be replaced once the new replicas are ready
 * @param cpuMillis CPU in use (millicores), {@code -1} unknown
 * @param memoryBytes memory in use, {@code -1} unknown
 * @param release the release whose code and settings this replica runs ({@code v3}), or empty
 */
public record ReplicaView(
    String id,
    ReplicaState state,
    boolean ready,
    int restarts,
    long pid,
    int port,
    String node,
    Instant startedAt,
    String reason,
    String message,
    boolean outdated,
    long cpuMillis,
    long memoryBytes,
    String release) {}
