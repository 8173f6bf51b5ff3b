package dev.berth.runtime.local.internal.supervise;

import java.time.Duration;

/**
 * Intervals of the local runtime that operators need not change (tests shorten some).
 *
 * @param restartGrace SIGTERM-to-SIGKILL grace when the runtime itself restarts a replica (liveness
 *     or startup timeout)
 * @param usageInterval how often CPU and memory are sampled (and RSS limits checked without
 *     cgroups)
 * @param retentionSweepInterval how often old logs are looked for
 * @param probeThreads threads for TCP and EXEC probes
 * @param launchThreads threads that start processes concurrently (log pipe, cgroup, fork and exec,
 *     waiting for the prelude: tens of milliseconds each, mostly waiting), so that many replicas or
 *     cron runs due together do not start one after the other
 */
public record Tuning(
    Duration restartGrace,
    Duration usageInterval,
    Duration retentionSweepInterval,
    int probeThreads,
    int launchThreads) {

  public static final Tuning DEFAULT =
      new Tuning(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofHours(1), 4, 16);

  public Tuning withUsageInterval(Duration d) {
    return new Tuning(restartGrace, d, retentionSweepInterval, probeThreads, launchThreads);
  }

  public Tuning withRestartGrace(Duration d) {
    return new Tuning(d, usageInterval, retentionSweepInterval, probeThreads, launchThreads);
  }
}
