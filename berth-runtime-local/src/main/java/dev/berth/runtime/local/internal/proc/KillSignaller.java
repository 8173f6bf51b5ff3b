package dev.berth.runtime.local.internal.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals a process group with {@code kill -s SIG -- -PGID}: one kill(2) on the group is atomic, so
 * a child forked at that moment cannot escape, which killing pids one by one cannot promise. Uses
 * procps' {@code kill} when present, else the shell's builtin.
 */
public final class KillSignaller implements Signaller {
  private static final Logger LOG = LoggerFactory.getLogger(KillSignaller.class);

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
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    List<String> argv =
        kill != null
            ? List.of(kill, "-s", signal.name(), "--", "-" + pgid)
            : List.of("sh", "-c", "kill -s \"$0\" -- \"$1\"", signal.name(), "-" + pgid);
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("kill -s {} -- -{} did not finish within 5 s", signal, pgid);
      }
    } catch (IOException e) {
      LOG.warn("cannot run kill for process group {}: {}", pgid, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean groupAlive(long pgid) {
    return !procFs.group(pgid).isEmpty();
  }
}
