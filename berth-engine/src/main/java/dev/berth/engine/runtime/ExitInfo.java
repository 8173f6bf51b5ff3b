package dev.berth.engine.runtime;

import java.time.Instant;

/**
 * How the last run of a replica ended, as Kubernetes' {@code lastState.terminated} tells it.
 *
 * @param code exit code, or 128+signal when killed by a signal, {@code -1} when unknown (e.g. an
 *     adopted process whose exit the runtime did not see)
 * @param reason {@code Completed} (code 0), {@code Error}, {@code OOMKilled}, {@code
 *     LivenessFailed}, {@code StartupTimeout}, {@code StartFailed}, {@code Killed}
 * @param message details (the first lines of a start failure), may be empty
 * @param at when it ended
 */
public record ExitInfo(int code, String reason, String message, Instant at) {}
