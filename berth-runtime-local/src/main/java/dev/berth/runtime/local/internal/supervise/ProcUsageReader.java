package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.proc.ProcFs;
import dev.berth.runtime.local.internal.proc.ProcStat;
import dev.berth.runtime.local.internal.proc.Usage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Usage from the cgroup when a run has one (exact, includes processes that left the group), else
 * from {@code /proc}: CPU ticks and RSS summed over the process group's live members. The /proc sum
 * undercounts CPU of children that already exited; the supervisor clamps negative deltas.
 */
public final class ProcUsageReader implements UsageReader {
  private static final long NANOS_PER_TICK = 1_000_000_000L / ProcFs.TICKS_PER_SECOND;

  private final ProcFs procFs;

  public ProcUsageReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  @Override
  public Map<String, Usage> read(List<UsageTarget> targets) {
    Map<String, Usage> out = new HashMap<>();
    Map<Long, String> byGroup = new HashMap<>();
    for (UsageTarget t : targets) {
      Usage fromCgroup = t.cgroup() == null ? null : t.cgroup().usage();
      if (fromCgroup != null) {
        out.put(t.replicaId(), fromCgroup);
      }
      if (fromCgroup == null || fromCgroup.cpuNanos() < 0) {
        byGroup.put(t.pid(), t.replicaId()); // no cgroup, or one without CPU accounting
      }
    }
    if (byGroup.isEmpty()) {
      return out;
    }
    Map<Long, long[]> sums = new HashMap<>();
    for (ProcStat s : procFs.all()) {
      if (s.running() && byGroup.containsKey(s.pgid())) {
        long[] sum = sums.computeIfAbsent(s.pgid(), k -> new long[2]);
        sum[0] += s.cpuTicks();
        sum[1] += procFs.rssBytes(s.pid());
      }
    }
    sums.forEach(
        (pgid, sum) -> {
          String id = byGroup.get(pgid);
          Usage cgroup = out.get(id);
          long memory = cgroup != null && cgroup.memoryBytes() >= 0 ? cgroup.memoryBytes() : sum[1];
          out.put(id, new Usage(sum[0] * NANOS_PER_TICK, memory));
        });
    return out;
  }
}
