package dev.berth.runtime.local.internal.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The size of this machine as replicas see it: cores from the JVM (which honours a CPU quota on the
 * control plane) and memory from {@code /proc/meminfo}, lowered to the control plane's own cgroup
 * memory limit when one is set, since replicas live inside it.
 *
 * @param cpuMillis total CPU in millicores
 * @param memoryBytes total memory in bytes
 */
public record MachineFacts(long cpuMillis, long memoryBytes) {

  /** Reads the real machine. */
  public static MachineFacts read() {
    long cpu = java.lang.Runtime.getRuntime().availableProcessors() * 1000L;
    long mem = memTotal(Path.of("/proc/meminfo")).orElse(0);
    OptionalLong limit =
        ownCgroupMemoryLimit(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
    if (limit.isPresent() && limit.getAsLong() > 0 && (mem == 0 || limit.getAsLong() < mem)) {
      mem = limit.getAsLong();
    }
    return new MachineFacts(cpu, mem);
  }

  /** MemTotal from a meminfo file, in bytes. */
  public static OptionalLong memTotal(Path meminfo) {
    try {
      for (String line : Files.readAllLines(meminfo)) {
        if (line.startsWith("MemTotal:")) {
          String[] parts = line.substring(9).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /**
   * The memory limit of the cgroup this process runs in (v1 {@code memory.limit_in_bytes} or v2
   * {@code memory.max}), empty when there is none or it cannot be read. "No limit" in v1 is a huge
   * number, which callers ignore because it exceeds MemTotal.
   */
  public static OptionalLong ownCgroupMemoryLimit(Path selfCgroup, Path cgroupRoot) {
    try {
      List<String> lines = Files.readAllLines(selfCgroup);
      for (String line : lines) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
          return readLimit(
              cgroupRoot.resolve("memory").resolve(rel(f[2])), "memory.limit_in_bytes");
        }
      }
      for (String line : lines) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
          return readLimit(cgroupRoot.resolve(rel(f[2])), "memory.max");
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  private static String rel(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private static OptionalLong readLimit(Path dir, String file) {
    try {
      String v = Files.readString(dir.resolve(file)).trim();
      return v.equals("max") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
