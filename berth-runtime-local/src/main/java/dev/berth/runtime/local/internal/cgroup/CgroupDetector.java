package dev.berth.runtime.local.internal.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Cgroups} implementation once at start from {@code /proc/self/mountinfo} and
 * {@code /proc/self/cgroup}: v1 when a v1 memory hierarchy is mounted (hybrid machines included),
 * else v2 when the unified hierarchy offers the memory controller, else none. Berth's cgroups nest
 * under the control plane's own cgroup, so they stay inside whatever limits the operator put on
 * Berth itself. Anything not writable means none, with a warning, never a failure to start.
 */
public final class CgroupDetector {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupDetector.class);

  private final Path mountinfo;
  private final Path selfCgroup;
  private final long selfPid;
  private final LongConsumer killer;
  private final ScheduledExecutorService executor;

  public CgroupDetector(
      Path mountinfo,
      Path selfCgroup,
      long selfPid,
      LongConsumer killer,
      ScheduledExecutorService executor) {
    this.mountinfo = mountinfo;
    this.selfCgroup = selfCgroup;
    this.selfPid = selfPid;
    this.killer = killer;
    this.executor = executor;
  }

  /** Detection against the real {@code /proc} of this process. */
  public static Cgroups detectSystem(LongConsumer killer, ScheduledExecutorService executor) {
    return new CgroupDetector(
            Path.of("/proc/self/mountinfo"),
            Path.of("/proc/self/cgroup"),
            ProcessHandle.current().pid(),
            killer,
            executor)
        .detect();
  }

  /** What {@link #detectSystem} would choose, and why: for tests that need cgroups. */
  public static Detection explainSystem(LongConsumer killer, ScheduledExecutorService executor) {
    return new CgroupDetector(
            Path.of("/proc/self/mountinfo"),
            Path.of("/proc/self/cgroup"),
            ProcessHandle.current().pid(),
            killer,
            executor)
        .explain();
  }

  /** One cgroup mount: where it is, which root of the hierarchy it shows, its controllers. */
  record Mount(Path mountPoint, String root, boolean v2, List<String> controllers) {}

  /**
   * What was chosen and why, in words a person can act on: {@code "v1: replicas under ..."} or the
   * reason for none.
   */
  public record Detection(Cgroups cgroups, String why) {}

  public Cgroups detect() {
    Detection d = explain();
    if (d.cgroups() instanceof NoCgroups) {
      LOG.warn(
          "no cgroups ({}): memory limits enforced by watching RSS, CPU limits not enforced",
          d.why());
    }
    return d.cgroups();
  }

  /** Detects, and says why. Never throws: anything unusable means none. */
  public Detection explain() {
    try {
      List<Mount> mounts = mounts(Files.readAllLines(mountinfo));
      List<String> own = Files.readAllLines(selfCgroup);
      Optional<Mount> memoryV1 = v1Mount(mounts, "memory");
      if (memoryV1.isPresent()) {
        return v1(mounts, own, memoryV1.get());
      }
      Optional<Mount> unified = mounts.stream().filter(Mount::v2).findFirst();
      if (unified.isPresent()) {
        return v2(unified.get(), own);
      }
      return new Detection(new NoCgroups(), "no cgroup hierarchy is mounted (" + mountinfo + ")");
    } catch (IOException | RuntimeException e) {
      return new Detection(new NoCgroups(), "cgroups mounted but not usable: " + e);
    }
  }

  static List<Mount> mounts(List<String> mountinfoLines) {
    List<Mount> out = new ArrayList<>();
    for (String line : mountinfoLines) {
      String[] halves = line.split(" - ", 2);
      if (halves.length != 2) {
        continue;
      }
      String[] left = halves[0].split(" ");
      String[] right = halves[1].split(" ");
      if (left.length < 5 || right.length < 3) {
        continue;
      }
      String type = right[0];
      if (type.equals("cgroup")) {
        List<String> controllers = new ArrayList<>();
        for (String opt : right[2].split(",")) {
          if (!opt.equals("rw") && !opt.equals("ro") && !opt.contains("=")) {
            controllers.add(opt);
          }
        }
        out.add(new Mount(Path.of(unescape(left[4])), unescape(left[3]), false, controllers));
      } else if (type.equals("cgroup2")) {
        out.add(new Mount(Path.of(unescape(left[4])), unescape(left[3]), true, List.of()));
      }
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n");
  }

  private static Optional<Mount> v1Mount(List<Mount> mounts, String controller) {
    return mounts.stream().filter(m -> !m.v2() && m.controllers().contains(controller)).findFirst();
  }

  /** The control plane's own path in the hierarchy of {@code controller} ("" for v2's line). */
  static Optional<String> ownPath(List<String> selfCgroupLines, String controller) {
    for (String line : selfCgroupLines) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      boolean match =
          controller.isEmpty()
              ? f[0].equals("0") && f[1].isEmpty()
              : List.of(f[1].split(",")).contains(controller);
      if (match) {
        return Optional.of(f[2]);
      }
    }
    return Optional.empty();
  }

  /** {@code <mount>/<own path relative to the mount's root>/berth}. */
  static Path berthDir(Mount mount, String ownPath) {
    String rel = ownPath;
    if (!mount.root().equals("/") && rel.startsWith(mount.root())) {
      rel = rel.substring(mount.root().length());
    }
    rel = rel.replaceAll("^/+", "");
    Path dir = rel.isEmpty() ? mount.mountPoint() : mount.mountPoint().resolve(rel);
    return dir.resolve("berth");
  }

  private Detection v1(List<Mount> mounts, List<String> own, Mount memory) throws IOException {
    Path memBase = berthDir(memory, ownPath(own, "memory").orElse("/"));
    requireWritable(memBase);
    Path cpuBase = writableOrNull(mounts, own, "cpu");
    Path cpuacctBase = writableOrNull(mounts, own, "cpuacct");
    String why =
        "v1: replicas under "
            + memBase
            + (cpuBase == null
                ? " (cpu controller not writable: no CPU limits)"
                : ", cpu " + cpuBase);
    LOG.info("cgroup {}", why);
    return new Detection(new CgroupsV1(memBase, cpuBase, cpuacctBase, killer, executor), why);
  }

  private Path writableOrNull(List<Mount> mounts, List<String> own, String controller) {
    Optional<Mount> m = v1Mount(mounts, controller);
    if (m.isEmpty()) {
      return null;
    }
    Path base = berthDir(m.get(), ownPath(own, controller).orElse("/"));
    try {
      requireWritable(base);
      return base;
    } catch (IOException e) {
      LOG.warn("cgroup v1 {} controller not writable at {}: {}", controller, base, e.toString());
      return null;
    }
  }

  private Detection v2(Mount unified, List<String> own) throws IOException {
    String ownPath = ownPath(own, "").orElse("/");
    Path berth = berthDir(unified, ownPath);
    Path parent = berth.getParent();
    Files.createDirectories(berth);
    if (!enable(parent)) {
      // "no internal processes": move the control plane into a leaf so its cgroup can delegate
      Path leaf = parent.resolve("control-plane");
      Files.createDirectories(leaf);
      CgroupFiles.write(leaf.resolve("cgroup.procs"), Long.toString(selfPid));
      if (!enable(parent)) {
        throw new IOException("cannot enable memory and cpu controllers in " + parent);
      }
    }
    if (!enable(berth)) {
      throw new IOException("cannot enable memory and cpu controllers in " + berth);
    }
    requireWritable(berth);
    CgroupsV2 v2 = new CgroupsV2(berth, killer, executor);
    String why =
        "v2: replicas under "
            + berth
            + (v2.limitsCpu() ? "" : " (cpu controller not enabled: no CPU limits)");
    LOG.info("cgroup {}", why);
    return new Detection(v2, why);
  }

  /** Enables memory (required) and cpu (optional) for the children of {@code dir}. */
  private static boolean enable(Path dir) {
    Path control = dir.resolve("cgroup.subtree_control");
    if (!CgroupFiles.tryWrite(control, "+memory")) {
      return false;
    }
    CgroupFiles.tryWrite(control, "+cpu");
    return true;
  }

  private void requireWritable(Path base) throws IOException {
    Files.createDirectories(base);
    Path probe = base.resolve(".probe-" + selfPid);
    Files.createDirectories(probe);
    Files.delete(probe);
  }
}
