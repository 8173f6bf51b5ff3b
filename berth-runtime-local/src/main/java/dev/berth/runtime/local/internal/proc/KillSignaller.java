package dev.berth.runtime.local.internal.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals a process group with {@code kill -s SIG -- -PGID}: one kill(2) on the group is atomic, so
 * a child forked at that moment cannot escape, which killing pids one by one cannot promise. Uses
 * procps' {@code kill} when present, else the shell's builtin. Many groups are signalled with one
 * {@code kill} per {@link #BATCH} groups ({@code kill -s SIG -- -PGID1 -PGID2 ...}): starting a
 * process per group takes tens of milliseconds on a loaded machine, which made stopping a thousand
 * replicas take minutes.
 */
public final class KillSignaller implements Signaller {
  private static final Logger LOG = LoggerFactory.getLogger(KillSignaller.class);

  /** Groups per {@code kill} command: far below any argument-length limit. */
  static final int BATCH = 256;

  private final String kill;
  private final ProcFs procFs;

  public KillSignaller(ProcFs procFs) {
    this.procFs = procFs;
    String found = null;
    for (String p : List.of("/usr/bin/kill", "/bin/kill")) {
      if (Files.isExecutable(Path.of(p))) {
        found = p;
        break;
      }
    }
    this.kill = found;
  }

  @Override
  public void signalGroup(long pgid, Signal signal) {
    signalGroups(List.of(pgid), signal);
  }

  @Override
  public void signalGroups(Collection<Long> pgids, Signal signal) {
    for (List<String> argv : commands(kill, signal, pgids, BATCH)) {
      run(argv);
    }
  }

  /**
   * The commands that send {@code signal} to {@code pgids}, at most {@code batch} groups each, with
   * procps' {@code kill} at {@code killPath} or, when {@code null}, the shell's builtin. Refuses
   * group ids 0 and 1 (the caller's own group, and init's), which a bug must never turn into a
   * signal to everything.
   */
  static List<List<String>> commands(
      String killPath, Signal signal, Collection<Long> pgids, int batch) {
    List<List<String>> out = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    for (long pgid : new LinkedHashSet<>(pgids)) {
      if (pgid <= 1) {
        throw new IllegalArgumentException("refusing to signal process group " + pgid);
      }
      groups.add("-" + pgid);
    }
    for (int i = 0; i < groups.size(); i += batch) {
      List<String> argv = new ArrayList<>();
      if (killPath != null) {
        argv.addAll(List.of(killPath, "-s", signal.name(), "--"));
      } else {
        argv.addAll(List.of("sh", "-c", "kill -s \"$0\" -- \"$@\"", signal.name()));
      }
      argv.addAll(groups.subList(i, Math.min(groups.size(), i + batch)));
      out.add(argv);
    }
    return out;
  }

  private static void run(List<String> argv) {
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("{} did not finish within 5 s", argv.size() > 8 ? argv.subList(0, 8) : argv);
      }
    } catch (IOException e) {
      LOG.warn("cannot run kill: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean groupAlive(long pgid) {
    return !procFs.group(pgid).isEmpty();
  }

  @Override
  public Set<Long> liveGroups(Collection<Long> pgids) {
    Set<Long> wanted = new HashSet<>(pgids);
    Set<Long> out = new LinkedHashSet<>();
    for (ProcStat s : procFs.all()) {
      if (s.running() && wanted.contains(s.pgid())) {
        out.add(s.pgid());
      }
    }
    return out;
  }
}
