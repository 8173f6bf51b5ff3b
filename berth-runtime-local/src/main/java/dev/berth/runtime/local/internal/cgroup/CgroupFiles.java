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

  /** Directories being removed, each with the token of the release that removes it. */
  private static final java.util.Map<Path, Object> REMOVALS = new java.util.HashMap<>();

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
  /**
   * Removes the directories, retrying (killing what is left in them first) while the kernel still
   * counts tasks in them. A later {@link #cancelRemoval} for a directory — a new run of the same
   * replica reusing it — stops the retries for it, so they never kill the new run.
   */
  static void removeEventually(
      List<Path> dirs, Runnable killAll, ScheduledExecutorService executor) {
    Object token = new Object();
    synchronized (REMOVALS) {
      dirs.forEach(d -> REMOVALS.put(d, token));
    }
    attemptRemove(List.copyOf(dirs), killAll, executor, 0, token);
  }

  /** Stops pending removal retries of {@code dir}: it is about to be used again. */
  static void cancelRemoval(Path dir) {
    synchronized (REMOVALS) {
      REMOVALS.remove(dir);
    }
  }

  private static void attemptRemove(
      List<Path> dirs,
      Runnable killAll,
      ScheduledExecutorService executor,
      int attempt,
      Object token) {
    List<Path> left = new ArrayList<>();
    synchronized (REMOVALS) { // atomic with cancelRemoval: never kill a run that reused the dir
      for (Path dir : dirs) {
        if (REMOVALS.get(dir) != token) {
          continue; // reused since, or removed by a newer release
        }
        try {
          Files.deleteIfExists(dir);
          REMOVALS.remove(dir, token);
        } catch (IOException e) {
          left.add(dir);
        }
      }
      if (left.isEmpty()) {
        return;
      }
      if (attempt >= REMOVE_ATTEMPTS) {
        left.forEach(d -> REMOVALS.remove(d, token));
        LOG.warn("could not remove cgroup directories {}; remove them by hand with rmdir", left);
        return;
      }
      killAll.run();
    }
    try {
      executor.schedule(
          () -> attemptRemove(left, killAll, executor, attempt + 1, token),
          REMOVE_RETRY_MS,
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("runtime closed before cgroups {} were removed", left);
    }
  }
}
