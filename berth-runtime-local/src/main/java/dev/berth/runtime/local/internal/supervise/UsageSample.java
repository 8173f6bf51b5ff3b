package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.proc.Usage;
import java.time.Instant;

/**
 * Applies one usage sample to a replica's run and status: CPU in millicores since the previous
 * sample, memory as read. Without a cgroup nothing else enforces the memory limit, so a sample over
 * it marks the run {@code OOMKilled}, as the kernel would have (the caller sends SIGKILL).
 */
final class UsageSample {
  private UsageSample() {}

  /** Records {@code u}; true when the run is over its memory limit and must be killed now. */
  static boolean apply(ProcessRun run, StatusBoard board, Usage u, Instant now, long limit) {
    long cpu = ExitClassifier.millicores(run.lastCpuNanos, run.lastSampleAt, u.cpuNanos(), now);
    run.lastCpuNanos = u.cpuNanos();
    run.lastSampleAt = now;
    board.cpuMillis = cpu;
    board.memoryBytes = u.memoryBytes();
    if (run.cgroup == null && limit > 0 && u.memoryBytes() > limit && run.killReason == null) {
      run.killReason = "OOMKilled";
      run.killMessage = Describe.overLimit(u.memoryBytes(), limit);
      board.ready = false;
      return true;
    }
    return false;
  }
}
