package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.runtime.local.internal.proc.LaunchException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts set up ahead of time ({@link RunStarter#prepare}: log pipe, drain, cgroup), for replicas
 * announced before they are due (a cron run decided ahead), so that at the due time only the
 * process starts. Thread-safe: offered on the supervisor thread, prepared and claimed on launch
 * threads, expired on the supervisor thread.
 *
 * <p>Invariants: a preparation is used by at most one launch, and only for the very spec it was
 * made for; one that is never claimed (the run was cancelled) is released by {@link #expire} —
 * drain stopped, cgroup removed — and nothing of it outlives the expiry. A claim that finds the
 * preparation still running waits for it (it runs on another thread, never queued behind the
 * claimer), so a replica's pipe and cgroup are never set up twice at once.
 */
final class Preparations {
  private static final Logger LOG = LoggerFactory.getLogger(Preparations.class);

  private enum Phase {
    NEW,
    RUNNING,
    DONE,
    CLAIMED,
    ABANDONED
  }

  /** One replica's preparation; its phase moves only forward, under its own lock. */
  static final class Entry {
    final ReplicaSpec spec;
    private Phase phase = Phase.NEW;
    private RunStarter.Prepared result;

    Entry(ReplicaSpec spec) {
      this.spec = spec;
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** A new entry for {@code spec}, or empty when one exists already (prepared once). */
  java.util.Optional<Entry> offer(ReplicaSpec spec) {
    Entry e = new Entry(spec);
    return entries.putIfAbsent(spec.id(), e) == null
        ? java.util.Optional.of(e)
        : java.util.Optional.empty();
  }

  /** Does the preparation, unless it was claimed or abandoned first. Runs on a launch thread. */
  void run(Entry e, RunStarter starter) {
    synchronized (e) {
      if (e.phase != Phase.NEW) {
        return;
      }
      e.phase = Phase.RUNNING;
    }
    RunStarter.Prepared pr = null;
    try {
      pr = starter.prepare(e.spec);
    } catch (LaunchException ex) {
      LOG.debug(
          "preparing {} ahead failed; its start will try again: {}", e.spec.id(), ex.toString());
    }
    boolean abandoned;
    synchronized (e) {
      abandoned = e.phase == Phase.ABANDONED;
      if (!abandoned) {
        e.phase = Phase.DONE;
        e.result = pr;
      }
      e.notifyAll();
    }
    if (abandoned && pr != null) {
      starter.release(e.spec.id(), pr);
    }
  }

  /**
   * The preparation of {@code spec} for its launch, or {@code null} when there is none (never
   * offered, failed, or made for another spec: then released). Waits while it is being made.
   */
  RunStarter.Prepared claim(ReplicaSpec spec, RunStarter starter) {
    Entry e = entries.remove(spec.id());
    if (e == null) {
      return null;
    }
    RunStarter.Prepared pr;
    synchronized (e) {
      boolean interrupted = false;
      while (e.phase == Phase.RUNNING) {
        try {
          e.wait();
        } catch (InterruptedException ie) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      pr = e.phase == Phase.DONE ? e.result : null;
      e.phase = Phase.CLAIMED;
    }
    if (pr != null && !e.spec.equals(spec)) {
      starter.release(spec.id(), pr); // prepared for an older spec of the same id
      return null;
    }
    return pr;
  }

  /** Releases {@code e} if nobody claimed it: the announced start did not come. */
  void expire(Entry e, RunStarter starter) {
    if (!entries.remove(e.spec.id(), e)) {
      return;
    }
    RunStarter.Prepared pr;
    synchronized (e) {
      pr = e.phase == Phase.DONE ? e.result : null;
      e.phase = Phase.ABANDONED; // a preparation still running releases what it made
    }
    if (pr != null) {
      LOG.info("{} was prepared but not started; released", e.spec.id());
      starter.release(e.spec.id(), pr);
    }
  }

  /** Releases every unclaimed preparation (the runtime shuts down). */
  void expireAll(RunStarter starter) {
    for (Entry e : java.util.List.copyOf(entries.values())) {
      expire(e, starter);
    }
  }
}
