package dev.berth.engine.runtime;

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

  public boolean isLive() {
    return this == STARTING || this == RUNNING || this == BACKOFF;
  }
}
