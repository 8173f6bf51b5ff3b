package dev.berth.engine.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * Lifecycle of one replica, as {@code berth status} shows it.
 *
 * <pre>
 *  PENDING --admitted--> STARTING --process up--> RUNNING (ready or not)
 *                           ^                          |
 *                           |                     exits / liveness fails
 *                           +------ BACKOFF <----------+   (CrashLoopBackOff)
 *  any --stop--> TERMINATING --exited--> TERMINATED
 *  A start that fails at once (working dir gone) is BACKOFF with reason StartFailed, retried
 * </pre>
 *
 * <p>Its wire spelling (lower case) is the {@code state} of a replica in {@code berth status -o
 * json}, a contract in DESIGN.md, read back by the CLI through this type.
 */
public enum ReplicaState {
  /** Known to the control plane but not placed: does not fit the node, see the reason. */
  PENDING,
  /** Process being launched or adopted; not yet probed ready. */
  STARTING,
  /** Process running; see {@code ready}. */
  RUNNING,
  /** Exited or failed liveness; waiting out the CrashLoopBackOff delay before the next start. */
  BACKOFF,
  /** Asked to stop: SIGTERM sent, waiting for the grace period. */
  TERMINATING,
  /** Gone for good. */
  TERMINATED;

  /** The spelling in JSON and on screen: the name in lower case. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the wire spelling; empty for anything else (a newer server may know more states). */
  public static Optional<ReplicaState> fromWire(String text) {
    for (ReplicaState s : values()) {
      if (s.wireName().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static ReplicaState parse(String text) {
    return fromWire(text)
        .orElseThrow(() -> new IllegalArgumentException("not a replica state: " + text));
  }

  public boolean isLive() {
    return this == STARTING || this == RUNNING || this == BACKOFF;
  }
}
