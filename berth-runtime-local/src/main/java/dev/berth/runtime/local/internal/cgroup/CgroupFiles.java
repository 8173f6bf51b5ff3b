package dev.berth.runtime.local.internal.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small helpers over cgroupfs files, shared by v1 and v2. Reads never throw: a missing file reads
 * as "unknown" ({@code -1}), because a cgroup can vanish between two calls.
 */
final class CgroupFiles {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupFiles.class);
  private static final int REMOVE_ATTEMPTS = 50;
  private static final long REMOVE_RETRY_MS = 100;

  private CgroupFiles() {}

  static long readLong(Path file) {
    try {
      String v = Files.readString(file).trim();
      return v.equals("max") ? Long.MAX_VALUE : Long.parseLong(v);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The value of {@code key} in a flat "key value" file (memory.stat, memory.events, ...). */
  static long readKey(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        int sp = line.indexOf(' ');
        if (sp > 0 && line.substring(0, sp).equals(key)) {
          return Long.parseLong(line.substring(sp + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }

  static boolean tryWrite(Path file, String value) {
    try {
      write(file, value);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static List<Long> pids(Path procsFile) {
    List<Long> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(procsFile)) {
        if (!line.isBlank()) {
          out.add(Long.parseLong(line.trim()));
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    return out;
  }

  /** SIGKILLs every process in the cgroup, again while new ones appear (a forking loop). */
  static void killAll(Path procsFile, LongConsumer killer) {
    for (int round = 0; round < 10; round++) {
      List<Long> pids = pids(procsFile);
      if (pids.isEmpty()) {
        return;
      }
      pids.forEach(killer::accept);
    }
  }

  /**
   * Removes the directories, retrying on the executor while processes are still leaving (rmdir of a
   * cgroup fails with EBUSY until its last task has exited).
   */
  static void removeEventually(
      List<Path> dirs, Runnable killAll, ScheduledExecutorService executor) {
    attemptRemove(List.copyOf(dirs), killAll, executor, 0);
  }

  private static void attemptRemove(
      List<Path> dirs, Runnable killAll, ScheduledExecutorService executor, int attempt) {
    List<Path> left = new ArrayList<>();
    for (Path dir : dirs) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        left.add(dir);
      }
    }
    if (left.isEmpty()) {
      return;
    }
    if (attempt >= REMOVE_ATTEMPTS) {
      LOG.warn("could not remove cgroup directories {}; remove them by hand with rmdir", left);
      return;
    }
    killAll.run();
    try {
      executor.schedule(
          () -> attemptRemove(left, killAll, executor, attempt + 1),
          REMOVE_RETRY_MS,
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("runtime closed before cgroups {} were removed", left);
    }
  }
}
