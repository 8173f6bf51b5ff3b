package dev.berth.runtime.local;

import dev.berth.runtime.local.internal.cgroup.CgroupDetector;
import dev.berth.runtime.local.internal.cgroup.NoCgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether Berth can enforce limits with cgroups on this machine, asked the way the control plane
 * asks ({@link CgroupDetector}), so that the tests that need cgroups never skip silently.
 *
 * <p>A test that needs them calls {@link #assumeMemoryLimits} or {@link #assumeCpuLimits}. With
 * cgroups usable, the test runs. Without, it is skipped with the detector's reason printed to
 * standard error; unless the tests run as root and a cgroup hierarchy is mounted read-write (v1 or
 * v2), where Berth must be able to use them: then the test fails with that reason instead.
 */
final class CgroupSupport {
  /** The real detection, once per test JVM (on v2 it may move this JVM into a leaf cgroup). */
  static final CgroupDetector.Detection DETECTION =
      CgroupDetector.explainSystem(
          pid -> {}, Executors.newSingleThreadScheduledExecutor(r -> daemon(r)));

  private CgroupSupport() {}

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "cgroup-support");
    t.setDaemon(true);
    return t;
  }

  /** Skips (saying why) unless memory limits are enforced by a cgroup. */
  static void assumeMemoryLimits(String test) {
    if (!(DETECTION.cgroups() instanceof NoCgroups)) {
      return;
    }
    skip(test, DETECTION.why());
  }

  /** Skips (saying why) unless CPU limits become a CFS quota. */
  static void assumeCpuLimits(String test) {
    assumeMemoryLimits(test);
    if (!DETECTION.cgroups().limitsCpu()) {
      skip(test, DETECTION.why());
    }
  }

  private static void skip(String test, String why) {
    if (root() && mountedReadWrite()) {
      Assertions.fail(
          test
              + " must run: the tests run as root and a cgroup hierarchy is mounted read-write,"
              + " yet Berth cannot use it: "
              + why);
    }
    String msg = test + " skipped: no cgroup limits on this machine: " + why;
    System.err.println("[cgroups] " + msg);
    Assumptions.assumeTrue(false, msg);
  }

  /** Whether this JVM runs as root (the owner of /proc/self is the effective uid). */
  static boolean root() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether a cgroup v1 or v2 hierarchy is mounted read-write (not Docker's read-only one). */
  static boolean mountedReadWrite() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
      for (String line : lines) {
        String[] halves = line.split(" - ", 2);
        String[] left = halves[0].split(" ");
        if (halves.length == 2
            && left.length > 5
            && left[5].startsWith("rw")
            && (halves[1].startsWith("cgroup ") || halves[1].startsWith("cgroup2 "))) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }
}
