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
 */
public record Tuning(
    Duration restartGrace,
    Duration usageInterval,
    Duration retentionSweepInterval,
    int probeThreads) {

  public static final Tuning DEFAULT =
      new Tuning(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofHours(1), 4);

  public Tuning withUsageInterval(Duration d) {
    return new Tuning(restartGrace, d, retentionSweepInterval, probeThreads);
  }

  public Tuning withRestartGrace(Duration d) {
    return new Tuning(d, usageInterval, retentionSweepInterval, probeThreads);
  }
}
