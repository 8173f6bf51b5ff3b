package dev.berth.runtime.local.internal.proc;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** One replica process, started by this control plane or adopted from a previous one. */
public interface RunningProcess {
  /** The process id, which is also its process group and session id. */
  long pid();

  /** Start time in clock ticks since boot: with the pid, names this process and no other. */
  long startTicks();

  /** When it started, or {@code null} when unknown. */
  Instant startedAt();

  /**
   * True while this very process runs (checked against its start time for an adopted one), so a pid
   * reused by another process is never signalled.
   */
  boolean isAlive();

  /**
   * Completes when the process exits, with its exit code (128+signal when killed by a signal) or
   * {@code -1} when the code cannot be known (an adopted process is not our child).
   */
  CompletableFuture<Integer> exit();
}
