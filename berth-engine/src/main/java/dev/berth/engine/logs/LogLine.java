package dev.berth.engine.logs;

import java.time.Instant;

/**
 * One line of a replica's output, decoded for display.
 *
 * @param time when the line was written (locally: observed within a fraction of a second)
 * @param replicaId the replica that wrote it
 * @param text the line without its terminator, as valid UTF-8 text: invalid bytes replaced by
 *     U+FFFD, control characters other than tab escaped, overlong lines split
 */
public record LogLine(Instant time, String replicaId, String text) {}
