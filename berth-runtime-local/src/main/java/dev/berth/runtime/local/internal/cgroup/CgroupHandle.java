package dev.berth.runtime.local.internal.cgroup;

import dev.berth.runtime.local.internal.proc.Usage;
import java.nio.file.Path;
import java.util.List;

/**
 * One replica's cgroup (for one run). Every process the replica starts stays in it, even those that
 * leave the process group with {@code setsid}, so killing the cgroup leaves no orphan.
 */
public interface CgroupHandle {
  /** Files the launch prelude writes the shell's pid into, before it execs the app. */
  List<Path> procsFiles();

  /** The kernel's count of OOM kills in this cgroup (compare before and after a run). */
  long oomKills();

  /** CPU and memory now. */
  Usage usage();

  /** SIGKILLs every process in the cgroup, including those that left the process group. */
  void killAll();

  /** Kills every process still in the cgroup and removes it (retrying until it is empty). */
  void release();
}
