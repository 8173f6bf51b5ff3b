package dev.berth.engine.runtime;

/**
 * Identifies one running instance of a replica beyond the life of the control plane, so that a
 * restarted control plane can tell "the process I started" from "a process that reused its pid".
 *
 * <p>Locally: the pid and the process start time in clock ticks since boot (field 22 of {@code
 * /proc/PID/stat}); a pid with a different start time is another process. On Kubernetes: the pod
 * name and its UID.
 *
 * @param pid operating-system process id (or 0 when the runtime has no pids)
 * @param startTicks process start time as the runtime measures it (opaque, compared for equality)
 * @param port the port the replica listens on locally, {@code 0} if none
 */
public record Incarnation(long pid, long startTicks, int port) {}
