package dev.berth.artifacts;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process group started with {@code setsid} (its id is the leader's pid): SIGTERM, up to a
 * grace period for it to empty, then SIGKILL. Java cannot signal a group, so {@code kill(1)} does.
 * Processes that left the group with their own {@code setsid} are killed one by one, from a list
 * taken while their parent was alive (once it dies they can no longer be found from it).
 */
final class ProcessGroup {
  private ProcessGroup() {}

  static void stop(long pgid, Duration grace, List<ProcessHandle> escaped) {
    if (alive(pgid)) {
      signal("-TERM", pgid);
      long deadline = System.nanoTime() + grace.toNanos();
      while (alive(pgid) && System.nanoTime() < deadline) {
        pause();
      }
      if (alive(pgid)) {
        signal("-KILL", pgid);
      }
    }
    for (ProcessHandle h : escaped) {
      h.destroyForcibly();
    }
  }

  /**
   * Whether a process of the group still runs. Zombies do not count: once a group's processes have
   * exited, their parent (init, or a container's pid 1 that may reap late) is not ours to wait for.
   * Read from /proc; where there is none, {@code kill -0} (which counts zombies).
   */
  static boolean alive(long pgid) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc.resolve("self"))) {
      return kill("-0", pgid) == 0;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        String[] stat = stat(pid);
        if (stat != null && !stat[0].equals("Z") && stat[2].equals(Long.toString(pgid))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return kill("-0", pgid) == 0;
    }
  }

  /** Whether this process runs (exists and is not a zombie). */
  static boolean running(long pid) {
    String[] stat = stat(Path.of("/proc", Long.toString(pid)));
    return stat != null ? !stat[0].equals("Z") : ProcessHandle.of(pid).isPresent();
  }

  /** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, ...; or null. */
  private static String[] stat(Path pidDir) {
    try {
      String line = Files.readString(pidDir.resolve("stat"));
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }

  private static void signal(String signal, long pgid) {
    kill(signal, pgid);
  }

  private static int kill(String signal, long pgid) {
    try {
      Process p =
          new ProcessBuilder("kill", signal, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
