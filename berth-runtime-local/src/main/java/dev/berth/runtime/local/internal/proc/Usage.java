package dev.berth.runtime.local.internal.proc;

/**
 * Cumulative CPU time and current memory of one replica's processes at one moment. CPU is a
 * counter: a rate (millicores) needs two samples, which the supervisor keeps.
 *
 * @param cpuNanos CPU time used so far, in nanoseconds, {@code -1} when unknown
 * @param memoryBytes memory in use now (cgroup working set or RSS sum), {@code -1} when unknown
 */
public record Usage(long cpuNanos, long memoryBytes) {
  public static final Usage UNKNOWN = new Usage(-1, -1);
}
