package dev.berth.artifacts;

import dev.berth.artifacts.internal.OutputPump;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One shell command run to its end for Berth itself (a build, a release command): {@code setsid sh
 * -c} in its own process group, stdin from {@code /dev/null}, a cleared environment ({@code PATH},
 * {@code LANG} and the given variables), output line by line to a log file and a consumer, stopped
 * at a timeout (SIGTERM to the group, SIGKILL after the grace), and the whole group stopped
 * afterwards too, so nothing it started outlives it.
 */
final class CommandRun {
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  /**
   * How it ended.
   *
   * @param finished it exited by itself before the timeout
   * @param exitCode its exit status, or -1 when stopped at the timeout
   * @param lastLines its last lines of output
   */
  record Outcome(boolean finished, int exitCode, List<String> lastLines) {}

  private CommandRun() {}

  static Outcome run(
      String name,
      String command,
      Path dir,
      Map<String, String> env,
      Path log,
      Consumer<String> output,
      Duration timeout,
      Duration grace,
      int keepLines)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", command);
    pb.directory(dir.toFile());
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> e = pb.environment();
    String path = System.getenv("PATH");
    e.clear();
    e.put("PATH", path == null || path.isEmpty() ? DEFAULT_PATH : path);
    e.put("LANG", "C.UTF-8");
    e.putAll(env);
    try (Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      Process process = pb.start();
      OutputPump pump = new OutputPump(process.getInputStream(), logWriter, output, keepLines);
      Thread reader = new Thread(pump, "berth-" + name);
      reader.setDaemon(true);
      reader.start();
      boolean exited = waitFor(process, timeout);
      List<ProcessHandle> escaped = process.descendants().toList();
      ProcessGroup.stop(process.pid(), grace, escaped);
      joinQuietly(reader, Duration.ofSeconds(5));
      return new Outcome(exited, exited ? process.exitValue() : -1, pump.lastLines());
    }
  }

  private static boolean waitFor(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void joinQuietly(Thread t, Duration max) {
    try {
      t.join(max.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
