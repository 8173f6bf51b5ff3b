package dev.berth.runtime.local.internal.proc;

import dev.berth.engine.runtime.Incarnation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts replicas as {@code setsid sh -c <prelude> <command> <pipe> [cgroup files]}. A child of the
 * JVM is never a process group leader, so {@code setsid} makes itself the leader of a new session
 * and group and execs: the pid Java sees is the group id that {@code stop} signals. The prelude
 * writes the shell's own pid into each cgroup's {@code cgroup.procs} file, opens the replica's log
 * pipe read-write as stdout and stderr, then execs {@code sh -c <command>}: the app and all its
 * descendants run inside the cgroup from their first instruction. The command and paths are passed
 * as arguments, never spliced into the script, so no quoting can break.
 *
 * <p>{@link #launch} returns only once the prelude has done all that. Until then the process's
 * stderr is a pipe to the launcher (stdout is {@code /dev/null}); the prelude's {@code 2>&1} closes
 * it, so end-of-file on that pipe means the process leads its own session, is in its cgroups and
 * writes to its log pipe. Whatever arrives before end-of-file is an error of {@code setsid} or of
 * the prelude (a cgroup it may not enter, a missing log pipe): the start fails with that text. The
 * wait is bounded ({@link #START_TIMEOUT}); the session is then checked in {@code /proc/PID/stat}.
 * Why wait: a caller that reads the process's session, or a control plane that dies right after the
 * launch, must never see a replica half set up (outside its cgroup, in the JVM's session).
 *
 * <p>Why read-write: a process that writes to a pipe with no reader gets SIGPIPE. The replica
 * itself holds a read end, so when the control plane stops or crashes its writes only block once
 * the pipe is full, and the next control plane drains the same pipe. No write-only end to the log
 * pipe ever exists.
 */
public final class OsProcessLauncher implements ProcessLauncher {
  /**
   * Enters each cgroup given after the pipe {@code $1}, makes the pipe stdout and stderr
   * (read-write), then runs {@code $0} as the command.
   */
  static final String PRELUDE =
      "p=\"$1\"; shift; for f in \"$@\"; do echo $$ > \"$f\" || exit 125; done;"
          + " exec 1<>\"$p\" 2>&1; exec sh -c \"$0\"";

  /** The longest a launch waits for the prelude; a process still not set up then is killed. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  /** The most of the prelude's error text kept for the message. */
  private static final int MAX_ERROR_BYTES = 4096;

  private static final long ADOPTED_POLL_MS = 200;

  private final ProcFs procFs;
  private final String setsid;
  private final ScheduledExecutorService poller;
  private final Duration startTimeout;

  /**
   * @param poller polls adopted processes (not our children, so the JVM cannot wait for them) and
   *     bounds the wait for a starting process
   */
  public OsProcessLauncher(ProcFs procFs, ScheduledExecutorService poller) {
    this(procFs, poller, findSetsid(), START_TIMEOUT);
  }

  /** For tests: another {@code setsid} (a slow one) and start timeout. */
  OsProcessLauncher(
      ProcFs procFs, ScheduledExecutorService poller, String setsid, Duration startTimeout) {
    this.procFs = procFs;
    this.setsid = setsid;
    this.poller = poller;
    this.startTimeout = startTimeout;
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
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectError(ProcessBuilder.Redirect.PIPE);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new LaunchException(
          LaunchErrors.describe(e.getMessage(), argv, r.env(), r.workingDir()), e);
    }
    awaitPrelude(p);
    long pid = p.pid();
    long ticks = requireSessionLeader(p);
    Instant startedAt = procFs.startedAt(ticks).orElse(null);
    CompletableFuture<Integer> exit = p.onExit().thenApply(Process::exitValue);
    return new Os(pid, ticks, startedAt, exit, p::isAlive);
  }

  /**
   * Waits (bounded) until the prelude closed the process's stderr pipe; fails with what it wrote
   * there, if anything.
   */
  private void awaitPrelude(Process p) throws LaunchException {
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> watchdog;
    try {
      watchdog =
          poller.schedule(
              () -> {
                timedOut.set(true);
                p.destroyForcibly();
              },
              startTimeout.toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      p.destroyForcibly();
      throw new LaunchException("cannot start the process: the runtime is closing", e);
    }
    byte[] text;
    try (InputStream err = p.getErrorStream()) {
      text = err.readNBytes(MAX_ERROR_BYTES);
      err.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      text = ("reading its start-up errors failed: " + e).getBytes(StandardCharsets.UTF_8);
    } finally {
      watchdog.cancel(false);
    }
    if (timedOut.get()) {
      throw new LaunchException(
          "the process was not set up within "
              + startTimeout.toSeconds()
              + " s (session, cgroup, log pipe) and was killed: the machine may be overloaded;"
              + " Berth retries with back-off");
    }
    String error = new String(text, StandardCharsets.UTF_8).strip();
    if (!error.isEmpty()) {
      killAndReap(p);
      throw new LaunchException("cannot start the process: " + error);
    }
  }

  /**
   * Checks that the process leads its own session (its pid is its session id in {@code
   * /proc/PID/stat}), waiting a bounded time; returns its start ticks. A process that already
   * exited passes: its exit is reported like any other.
   */
  private long requireSessionLeader(Process p) throws LaunchException {
    long pid = p.pid();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (true) {
      Optional<ProcStat> st = procFs.stat(pid);
      if (st.isEmpty() || !st.get().running() || st.get().sid() == pid) {
        return st.map(ProcStat::startTicks).orElse(0L);
      }
      if (System.nanoTime() - deadline > 0) {
        long sid = st.get().sid();
        killAndReap(p);
        throw new LaunchException(
            "the process did not become the leader of its own session (pid "
                + pid
                + ", session "
                + sid
                + " after "
                + startTimeout.toSeconds()
                + " s): "
                + setsid
                + " must be util-linux's setsid");
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private static void killAndReap(Process p) {
    p.destroyForcibly();
    try {
      p.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
