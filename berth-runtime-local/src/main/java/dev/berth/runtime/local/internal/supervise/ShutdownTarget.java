package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.cgroup.CgroupHandle;

/**
 * One replica's process to end when the runtime shuts down: its process group (the leader's pid,
 * since every replica starts in its own session) and its cgroup, {@code null} without cgroups.
 */
public record ShutdownTarget(String replicaId, long pgid, CgroupHandle cgroup) {}
