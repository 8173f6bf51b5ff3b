package dev.berth.runtime.local.internal.proc;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

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

  /**
   * Sends {@code signal} to every group in {@code pgids} at once, for stopping many replicas
   * together: a real implementation signals them all in one go rather than one group after another.
   */
  default void signalGroups(Collection<Long> pgids, Signal signal) {
    for (long pgid : pgids) {
      signalGroup(pgid, signal);
    }
  }

  /**
   * The groups among {@code pgids} that still have a live member. A real implementation reads the
   * process table once for all of them, not once per group.
   */
  default Set<Long> liveGroups(Collection<Long> pgids) {
    Set<Long> out = new LinkedHashSet<>();
    for (long pgid : pgids) {
      if (groupAlive(pgid)) {
        out.add(pgid);
      }
    }
    return out;
  }
}
