package dev.berth.engine.runtime;

/**
 * What a runtime does when a replica's process exits on its own: Kubernetes' Pod {@code
 * restartPolicy}, without {@code OnFailure} (a cron run's retries are the cron controller's
 * decision, with its own back-off and history, as a Kubernetes Job's are).
 */
public enum RestartPolicy {
  /** Web and worker replicas: restart after any exit, exit 0 too, with CrashLoopBackOff. */
  ALWAYS,
  /**
   * A cron run: run once. On exit the replica ends {@link ReplicaState#TERMINATED} with the exit in
   * {@link ReplicaStatus#lastExit()}; what was left of its process group (and cgroup) is killed. A
   * start that fails, or a liveness failure, ends it the same way.
   */
  NEVER
}
