package dev.berth.runtime.local.internal.proc;

import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.Leftover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the replica processes a dead control plane left running, by what they carry in {@code
 * /proc/PID/environ}: the replica id in {@code BERTH_REPLICA} and the installation marker (the data
 * directory) in {@code BERTH_CONTROL_PLANE}. Read-only: it never signals anything.
 *
 * <p>Which processes count: running group leaders (pid = process group id, which every replica's
 * first process is, since it is started with {@code setsid}) whose marker equals this
 * installation's exactly. One per replica: the earliest started, i.e. the process Berth launched,
 * not a descendant that made its own session later (a cgroup, where there is one, holds those and
 * is emptied when the replica stops). Processes of another data directory carry another marker and
 * are never returned; those of other users cannot be read unless Berth runs as root, and then their
 * marker tells them apart just the same. {@code environ} shows the environment a process was
 * started with, so an app that changes its own variables is still found.
 */
public final class LeftoverScan {
  private final Path root;
  private final ProcFs procFs;
  private final long self;

  /**
   * @param root a procfs root: {@code /proc}, or a directory of fake files in tests
   * @param self this JVM's pid, never reported
   */
  public LeftoverScan(Path root, long self) {
    this.root = root;
    this.procFs = new ProcFs(root);
    this.self = self;
  }

  /** The real {@code /proc}. */
  public static LeftoverScan system() {
    return new LeftoverScan(Path.of("/proc"), ProcessHandle.current().pid());
  }

  /** Replicas of the installation {@code marker} found running, at most one per replica id. */
  public List<Leftover> find(String replicaVar, String markerVar, String marker) {
    Map<String, List<ProcStat>> byReplica = new HashMap<>();
    Map<Long, Integer> ports = new HashMap<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        Optional<ProcStat> stat = procFs.stat(pid);
        if (pid == self || stat.isEmpty() || !leader(stat.get())) {
          continue;
        }
        Map<String, String> env = environ(p);
        String id = env.get(replicaVar);
        if (id == null || id.isEmpty() || !marker.equals(env.get(markerVar))) {
          continue;
        }
        byReplica.computeIfAbsent(id, k -> new ArrayList<>()).add(stat.get());
        ports.put(pid, port(env.get("PORT")));
      }
    } catch (IOException e) {
      return List.of(); // no procfs: nothing can be found
    }
    Map<String, Leftover> out = new LinkedHashMap<>();
    byReplica.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              ProcStat first =
                  e.getValue().stream()
                      .min(
                          Comparator.comparingLong(ProcStat::startTicks)
                              .thenComparingLong(ProcStat::pid))
                      .orElseThrow();
              out.put(
                  e.getKey(),
                  new Leftover(
                      e.getKey(),
                      new Incarnation(first.pid(), first.startTicks(), ports.get(first.pid()))));
            });
    return List.copyOf(out.values());
  }

  private static boolean leader(ProcStat s) {
    return s.running() && s.pid() == s.pgid();
  }

  /** The variables of one process, or none when it vanished or is not readable. */
  private static Map<String, String> environ(Path procDir) {
    try {
      return parseEnviron(Files.readAllBytes(procDir.resolve("environ")));
    } catch (IOException e) {
      return Map.of(); // gone, or another user's process
    }
  }

  /** {@code NAME=value} entries separated by NUL bytes; entries without {@code =} are skipped. */
  static Map<String, String> parseEnviron(byte[] raw) {
    Map<String, String> env = new HashMap<>();
    int start = 0;
    for (int i = 0; i <= raw.length; i++) {
      if (i == raw.length || raw[i] == 0) {
        if (i > start) {
          String entry = new String(raw, start, i - start, StandardCharsets.UTF_8);
          int eq = entry.indexOf('=');
          if (eq > 0) {
            env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
          }
        }
        start = i + 1;
      }
    }
    return env;
  }

  private static int port(String value) {
    try {
      int p = value == null ? 0 : Integer.parseInt(value.trim());
      return p > 0 && p < 65536 ? p : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
