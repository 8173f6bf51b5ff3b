package dev.berth.runtime.local.internal.proc;

import dev.berth.engine.runtime.Incarnation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts replicas as {@code setsid sh -c <prelude> <command> <pipe> [cgroup files]}. A child of the
 * JVM is never a process group leader, so {@code setsid} makes itself the leader of a new session
 * and group and execs: the pid Java sees is the group id that {@code stop} signals. The prelude
 * opens the replica's log pipe read-write as stdout and stderr, writes the shell's own pid into
 * each cgroup's {@code cgroup.procs} file, then execs {@code sh -c <command>}: the app and all its
 * descendants run inside the cgroup from their first instruction. The command and paths are passed
 * as arguments, never spliced into the script, so no quoting can break.
 *
 * <p>Why read-write: a process that writes to a pipe with no reader gets SIGPIPE. The replica
 * itself holds a read end, so when the control plane crashes its writes only block once the pipe is
 * full, and the next control plane drains the same pipe. Until the prelude runs, stdout and stderr
 * are the pipe opened write-only (Berth holds the reader then), so an error of setsid or sh reaches
 * the log too.
 */
public final class OsProcessLauncher implements ProcessLauncher {
  /**
   * Makes the pipe {@code $1} stdout and stderr (read-write), enters each cgroup given after it,
   * then runs {@code $0} as the command.
   */
  static final String PRELUDE =
      "exec 1<>\"$1\" 2>&1; shift;"
          + " for f in \"$@\"; do echo $$ > \"$f\" || exit 125; done; exec sh -c \"$0\"";

  private static final long ADOPTED_POLL_MS = 200;

  private final ProcFs procFs;
  private final String setsid;
  private final ScheduledExecutorService poller;

  /**
   * @param poller polls adopted processes (not our children, so the JVM cannot wait for them)
   */
  public OsProcessLauncher(ProcFs procFs, ScheduledExecutorService poller) {
    this.procFs = procFs;
    this.setsid = findSetsid();
    this.poller = poller;
  }

  private static String findSetsid() {
    for (String p : List.of("/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return "setsid";
  }

  /** The argument vector for a request: setsid, sh, the prelude, the command, the paths. */
  static List<String> argv(String setsid, LaunchRequest r) {
    List<String> argv = new ArrayList<>(List.of(setsid, "sh", "-c", PRELUDE));
    argv.add(ExecPrefix.apply(r.command()));
    argv.add(r.logPipe().toString());
    r.cgroupProcsFiles().forEach(p -> argv.add(p.toString()));
    return argv;
  }

  @Override
  public RunningProcess launch(LaunchRequest r) throws LaunchException {
    if (!Files.isDirectory(r.workingDir())) {
      throw new LaunchException(
          "working directory "
              + r.workingDir()
              + " does not exist or is not a directory: create it or fix the service's path");
    }
    List<String> argv = argv(setsid, r);
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.directory(r.workingDir().toFile());
    pb.environment().clear();
    pb.environment().putAll(r.env());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(r.logPipe().toFile()));
    pb.redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new LaunchException(
          LaunchErrors.describe(e.getMessage(), argv, r.env(), r.workingDir()), e);
    }
    long pid = p.pid();
    long ticks = procFs.stat(pid).map(ProcStat::startTicks).orElse(0L);
    Instant startedAt = procFs.startedAt(ticks).orElse(null);
    CompletableFuture<Integer> exit = p.onExit().thenApply(Process::exitValue);
    return new Os(pid, ticks, startedAt, exit, p::isAlive);
  }

  @Override
  public Optional<RunningProcess> adopt(Incarnation inc) {
    if (inc == null || !procFs.isSameProcess(inc.pid(), inc.startTicks())) {
      return Optional.empty();
    }
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    pollUntilGone(inc.pid(), inc.startTicks(), exit);
    return Optional.of(
        new Os(
            inc.pid(),
            inc.startTicks(),
            procFs.startedAt(inc.startTicks()).orElse(null),
            exit,
            () -> !exit.isDone() && procFs.isSameProcess(inc.pid(), inc.startTicks())));
  }

  private void pollUntilGone(long pid, long ticks, CompletableFuture<Integer> exit) {
    if (!procFs.isSameProcess(pid, ticks)) {
      exit.complete(-1);
      return;
    }
    try {
      poller.schedule(
          () -> pollUntilGone(pid, ticks, exit), ADOPTED_POLL_MS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the runtime closed: nobody listens any more
    }
  }

  private record Os(
      long pid,
      long startTicks,
      Instant startedAt,
      CompletableFuture<Integer> exit,
      java.util.function.BooleanSupplier alive)
      implements RunningProcess {
    @Override
    public boolean isAlive() {
      return alive.getAsBoolean();
    }
  }
}
