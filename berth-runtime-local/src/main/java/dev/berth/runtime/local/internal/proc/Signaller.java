package dev.berth.runtime.local.internal.proc;

/** Sends signals to whole process groups, so a replica's children stop with it. */
public interface Signaller {
  /** The signals the runtime sends. */
  enum Signal {
    TERM,
    KILL
  }

  /** Sends {@code signal} to every process in group {@code pgid}; a gone group is not an error. */
  void signalGroup(long pgid, Signal signal);

  /**
   * Whether any live (not zombie) process is still in group {@code pgid}. A shell that ran the
   * command ({@code sh -c} without exec, as dash does) dies on SIGTERM before the app it started
   * has finished shutting down; the replica is stopped only when its whole group is gone.
   */
  boolean groupAlive(long pgid);
}
