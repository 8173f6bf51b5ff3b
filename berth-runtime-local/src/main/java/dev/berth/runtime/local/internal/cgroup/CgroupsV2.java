package dev.berth.runtime.local.internal.cgroup;

import dev.berth.core.model.Resources;
import dev.berth.runtime.local.internal.proc.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;

/**
 * cgroup v2 (unified): one directory per replica, {@code <own cgroup>/berth/<replicaId>}, with
 * {@code memory.max}, {@code memory.swap.max = 0}, {@code memory.oom.group = 1} (an OOM kills the
 * whole replica, as Kubernetes does), and {@code cpu.max}. OOM kills are counted by {@code
 * oom_kill} in {@code memory.events}; {@code cgroup.kill} (Linux 5.14+) kills everything at once.
 */
public final class CgroupsV2 implements Cgroups {
  private final Path base;
  private final LongConsumer killer;
  private final ScheduledExecutorService executor;

  /**
   * @param base the {@code berth} directory whose {@code cgroup.subtree_control} enables memory and
   *     cpu (the detector prepares it)
   */
  public CgroupsV2(Path base, LongConsumer killer, ScheduledExecutorService executor) {
    this.base = base;
    this.killer = killer;
    this.executor = executor;
  }

  @Override
  public String kind() {
    return "v2";
  }

  @Override
  public boolean limitsCpu() {
    try {
      return List.of(Files.readString(base.resolve("cgroup.subtree_control")).trim().split("\\s+"))
          .contains("cpu");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public Optional<CgroupHandle> create(String replicaId, Resources resources) {
    Handle h = new Handle(base.resolve(replicaId));
    try {
      CgroupFiles.cancelRemoval(h.dir);
      Files.createDirectories(h.dir);
      if (resources.memoryLimitBytes() > 0) {
        CgroupFiles.write(h.dir.resolve("memory.max"), Long.toString(resources.memoryLimitBytes()));
        CgroupFiles.tryWrite(h.dir.resolve("memory.swap.max"), "0");
      }
      CgroupFiles.tryWrite(h.dir.resolve("memory.oom.group"), "1");
      if (resources.cpuLimitMillis() > 0) {
        CgroupFiles.write(
            h.dir.resolve("cpu.max"),
            CgroupsV1.quotaUs(resources.cpuLimitMillis()) + " " + CgroupsV1.CFS_PERIOD_US);
      }
    } catch (IOException e) {
      h.release();
      throw new UncheckedIOException("cannot set up cgroup " + h.dir + ": " + e.getMessage(), e);
    }
    return Optional.of(h);
  }

  @Override
  public Optional<CgroupHandle> open(String replicaId) {
    Path dir = base.resolve(replicaId);
    return Files.isDirectory(dir) ? Optional.of(new Handle(dir)) : Optional.empty();
  }

  private final class Handle implements CgroupHandle {
    final Path dir;

    Handle(Path dir) {
      this.dir = dir;
    }

    @Override
    public List<Path> procsFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public long oomKills() {
      return Math.max(0, CgroupFiles.readKey(dir.resolve("memory.events"), "oom_kill"));
    }

    @Override
    public Usage usage() {
      long usec = CgroupFiles.readKey(dir.resolve("cpu.stat"), "usage_usec");
      long current = CgroupFiles.readLong(dir.resolve("memory.current"));
      long inactive = CgroupFiles.readKey(dir.resolve("memory.stat"), "inactive_file");
      return new Usage(
          usec < 0 ? -1 : usec * 1000,
          current < 0 ? -1 : Math.max(0, current - Math.max(0, inactive)));
    }

    @Override
    public void killAll() {
      Path killFile = dir.resolve("cgroup.kill");
      if (!(Files.exists(killFile) && CgroupFiles.tryWrite(killFile, "1"))) {
        CgroupFiles.killAll(dir.resolve("cgroup.procs"), killer);
      }
    }

    @Override
    public void release() {
      Runnable kill = this::killAll;
      kill.run();
      CgroupFiles.removeEventually(List.of(dir), kill, executor);
    }
  }
}
