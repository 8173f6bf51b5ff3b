package dev.berth.engine.runtime;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs replicas somewhere: OS processes on this machine, Pods on Kubernetes. The kubelet of Berth.
 *
 * <p>The runtime owns everything below "this replica should run": starting, probing, restarting
 * with CrashLoopBackOff, enforcing limits, stopping gracefully. The controller above it owns how
 * many replicas of what should run and where; it never assumes a replica is a process.
 *
 * <p>Contract: every method is idempotent and returns quickly (work happens asynchronously); every
 * observable change of a replica is reported to the watchers as a new {@link ReplicaStatus}.
 */
public interface Runtime {

  /**
   * Makes the replica run. Unknown id: adopt {@link ReplicaSpec#lastKnown()} if that exact process
   * still runs, otherwise start it. Known id: nothing to do.
   */
  void ensure(ReplicaSpec spec);

  /**
   * A hint that {@code spec} will be {@link #ensure}d soon (a cron run decided ahead of its time):
   * the runtime may do the slow set-up now, so that the ensure at the due time only starts the
   * process. Nothing runs before the ensure; what was set up is released if none comes. Idempotent;
   * by default nothing.
   */
  default void prepare(ReplicaSpec spec) {}

  /**
   * Stops the replica: SIGTERM (or the runtime's equivalent), {@code grace}, then kill. Works for a
   * replica this runtime instance never started, given its last known incarnation (a leftover of a
   * previous control plane). Unknown and nothing running: reports it TERMINATED.
   */
  void stop(String replicaId, Incarnation lastKnown, Duration grace);

  /** Current status of every replica this runtime knows, including terminated ones. */
  List<ReplicaStatus> list();

  /**
   * Replica processes an earlier control plane of this installation left running, found on the
   * machine (locally: by markers in each process's environment), that this runtime instance has
   * neither started nor adopted. At most one per replica id. Never a process of another
   * installation (another data directory) or of another user. Read once at start, before the first
   * {@link #ensure}; the caller adopts those a record claims and {@link #stop}s the rest.
   */
  List<Leftover> leftovers();

  /** The node(s) replicas are placed on; locally a single node. */
  List<NodeCapacity> nodes();

  /** Registers a listener for status changes; called from the runtime's own threads. */
  void watch(Consumer<ReplicaStatus> listener);
}
