package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.cgroup.CgroupHandle;

/**
 * What to sample for one replica run.
 *
 * @param replicaId the replica
 * @param seq the run's tag, handed back with the sample so a stale one is ignored
 * @param pid the group leader (the process group to sum without cgroups)
 * @param cgroup the run's cgroup, or {@code null}
 */
public record UsageTarget(String replicaId, int seq, long pid, CgroupHandle cgroup) {}
