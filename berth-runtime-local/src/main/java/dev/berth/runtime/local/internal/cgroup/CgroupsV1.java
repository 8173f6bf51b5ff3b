package dev.berth.runtime.local.internal.cgroup;

import dev.berth.core.model.Resources;
import dev.berth.runtime.local.internal.proc.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;

/**
 * cgroup v1: one directory per replica in each controller hierarchy Berth uses ({@code memory},
 * {@code cpu}, {@code cpuacct}; the last two may be the same mount), each under {@code <controller
 * mount>/<the control plane's own cgroup>/berth/<replicaId>}. Memory limit: {@code
 * memory.limit_in_bytes} (and {@code memory.memsw.limit_in_bytes}, so swap cannot dodge it); CPU
 * limit: CFS quota; OOM kills counted by {@code oom_kill} in {@code memory.oom_control}.
 */
public final class CgroupsV1 implements Cgroups {
  static final long CFS_PERIOD_US = 100_000;

  private final Path memoryBase;
  private final Path cpuBase;
  private final Path cpuacctBase;
  private final LongConsumer killer;
  private final ScheduledExecutorService executor;

  /**
   * @param memoryBase {@code .../berth} in the memory hierarchy (required)
   * @param cpuBase {@code .../berth} in the cpu hierarchy, or {@code null} when not writable
   * @param cpuacctBase {@code .../berth} in the cpuacct hierarchy, or {@code null}
   * @param killer sends SIGKILL to one pid
   * @param executor retries directory removal
   */
  public CgroupsV1(
      Path memoryBase,
      Path cpuBase,
      Path cpuacctBase,
      LongConsumer killer,
      ScheduledExecutorService executor) {
    this.memoryBase = memoryBase;
    this.cpuBase = cpuBase;
    this.cpuacctBase = cpuacctBase;
    this.killer = killer;
    this.executor = executor;
  }

  @Override
  public String kind() {
    return "v1";
  }

  @Override
  public boolean limitsCpu() {
    return cpuBase != null;
  }

  @Override
  public Optional<CgroupHandle> create(String replicaId, Resources resources) {
    // Joining a v1 cgroup costs the new process a kernel RCU grace period (tens of milliseconds)
    // per hierarchy: join the cpu hierarchies only to enforce a CPU limit (CPU usage then comes
    // from /proc); the memory one always (limits, OOM detection, kill-all, leftover detection).
    Handle h = resources.cpuLimitMillis() > 0 ? handle(replicaId) : memoryOnly(replicaId);
    try {
      for (Path dir : h.dirs()) {
        CgroupFiles.cancelRemoval(dir);
        Files.createDirectories(dir);
      }
      if (resources.memoryLimitBytes() > 0) {
        long limit = resources.memoryLimitBytes();
        CgroupFiles.write(h.memory.resolve("memory.limit_in_bytes"), Long.toString(limit));
        // absent without swap accounting; must be >= memory.limit_in_bytes
        CgroupFiles.tryWrite(h.memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(limit));
      }
      if (h.cpu != null) { // only with a CPU limit, see above
        long quota = quotaUs(resources.cpuLimitMillis());
        CgroupFiles.write(h.cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
        CgroupFiles.write(h.cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
      }
    } catch (IOException e) {
      h.release();
      throw new UncheckedIOException("cannot set up cgroup " + h.memory + ": " + e.getMessage(), e);
    }
    return Optional.of(h);
  }

  @Override
  public Optional<CgroupHandle> open(String replicaId) {
    Handle all = handle(replicaId);
    if (!Files.isDirectory(all.memory)) {
      return Optional.empty();
    }
    return Optional.of(
        new Handle(
            all.memory,
            all.cpu != null && Files.isDirectory(all.cpu) ? all.cpu : null,
            all.cpuacct != null && Files.isDirectory(all.cpuacct) ? all.cpuacct : null));
  }

  /** CFS quota for a limit in millicores over the 100 ms period, at least the kernel's 1 ms. */
  static long quotaUs(long cpuMillis) {
    return Math.max(1000, cpuMillis * CFS_PERIOD_US / 1000);
  }

  private Handle memoryOnly(String replicaId) {
    return new Handle(memoryBase.resolve(replicaId), null, null);
  }

  private Handle handle(String replicaId) {
    return new Handle(
        memoryBase.resolve(replicaId),
        cpuBase == null ? null : cpuBase.resolve(replicaId),
        cpuacctBase == null ? null : cpuacctBase.resolve(replicaId));
  }

  private final class Handle implements CgroupHandle {
    final Path memory;
    final Path cpu;
    final Path cpuacct;

    Handle(Path memory, Path cpu, Path cpuacct) {
      this.memory = memory;
      this.cpu = cpu;
      this.cpuacct = cpuacct;
    }

    List<Path> dirs() {
      Set<Path> dirs = new LinkedHashSet<>();
      dirs.add(memory);
      if (cpu != null) {
        dirs.add(cpu);
      }
      if (cpuacct != null) {
        dirs.add(cpuacct);
      }
      return new ArrayList<>(dirs);
    }

    @Override
    public List<Path> procsFiles() {
      return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    public long oomKills() {
      return Math.max(0, CgroupFiles.readKey(memory.resolve("memory.oom_control"), "oom_kill"));
    }

    @Override
    public Usage usage() {
      long cpuNanos = cpuacct == null ? -1 : CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage"));
      long used = CgroupFiles.readLong(memory.resolve("memory.usage_in_bytes"));
      long inactive = CgroupFiles.readKey(memory.resolve("memory.stat"), "total_inactive_file");
      long workingSet = used < 0 ? -1 : Math.max(0, used - Math.max(0, inactive));
      return new Usage(cpuNanos, workingSet);
    }

    @Override
    public void killAll() {
      CgroupFiles.killAll(memory.resolve("cgroup.procs"), killer);
    }

    @Override
    public void release() {
      Runnable kill = this::killAll;
      kill.run();
      List<Path> dirs = dirs();
      java.util.Collections.reverse(dirs);
      CgroupFiles.removeEventually(dirs, kill, executor);
    }
  }
}
