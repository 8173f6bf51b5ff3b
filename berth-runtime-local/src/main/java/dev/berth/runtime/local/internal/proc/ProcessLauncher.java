package dev.berth.runtime.local.internal.proc;

import dev.berth.engine.runtime.Incarnation;
import java.util.Optional;

/** Starts replica processes and finds ones a previous control plane started. */
public interface ProcessLauncher {
  /**
   * Starts the command in its own session and process group; returns only once the process leads
   * that session, is in its cgroups and writes to its log pipe (or has already exited).
   */
  RunningProcess launch(LaunchRequest request) throws LaunchException;

  /**
   * The process named by {@code incarnation} if it still runs with the same start time; empty when
   * it exited or its pid now belongs to another process (which must never be touched).
   */
  Optional<RunningProcess> adopt(Incarnation incarnation);
}
