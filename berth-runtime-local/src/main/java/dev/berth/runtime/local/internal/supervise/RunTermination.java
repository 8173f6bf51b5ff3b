package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * How one run of a replica ends when Berth ends it: SIGTERM to its process group now, SIGKILL to
 * the group and everything left in its cgroup after the grace period, and — when the group's leader
 * exits first — waiting for the rest of the group before the run counts as over.
 *
 * <p>Why the wait: {@code sh -c} under dash forks the app instead of exec'ing it, so on SIGTERM the
 * shell (the leader Berth watches) dies at once while the app is still shutting down. A stop is
 * complete only when the whole group is gone, or when the grace period ran out and SIGKILL ended
 * it.
 *
 * <p>Runs on the supervisor thread. Callbacks are tagged with the run's sequence number and do
 * nothing once {@code current} says that run is over.
 */
final class RunTermination {
  /** How often to look whether the group is gone after its leader exited. */
  static final Duration DRAIN_POLL = Duration.ofMillis(100);

  private final SupervisorPorts p;

  RunTermination(SupervisorPorts ports) {
    this.p = ports;
  }

  /**
   * SIGTERM now; SIGKILL to the group and the cgroup after {@code grace} if the run still lasts.
   */
  void begin(ProcessRun run, Duration grace, IntPredicate current) {
    signal(run, Signal.TERM);
    int s = run.seq;
    run.killTimer =
        p.scheduler()
            .schedule(
                grace,
                () -> {
                  if (current.test(s)) {
                    killNow(run);
                  }
                });
  }

  /** SIGKILL to the group and to whatever is left in the run's cgroup. */
  void killNow(ProcessRun run) {
    signal(run, Signal.KILL);
    if (run.cgroup != null) {
      run.cgroup.killAll();
    }
  }

  /**
   * Signals the run's process group, but only while its leader is still the same process, or while
   * draining: a group id cannot be reused while any member of the group lives.
   */
  void signal(ProcessRun run, Signal sig) {
    if (run.process.isAlive() || run.draining) {
      p.signaller().signalGroup(run.process.pid(), sig);
    }
  }

  /**
   * Called when the leader exited with {@code code} during a termination. If others of its group
   * still run, waits for them (polling) and returns true; {@code finish} then gets the leader's
   * code once the group is gone. Returns false when the run is over now, and at once during the
   * runtime's shutdown, whose {@link ShutdownStopper} watches every group with one scan.
   */
  boolean drain(ProcessRun run, int code, IntPredicate current, IntConsumer finish) {
    if (run.adopted
        || run.draining
        || run.shutdown
        || !p.signaller().groupAlive(run.process.pid())) {
      return false;
    }
    run.draining = true;
    run.leaderExitCode = code;
    poll(run, current, finish);
    return true;
  }

  private void poll(ProcessRun run, IntPredicate current, IntConsumer finish) {
    int s = run.seq;
    run.drainTimer =
        p.scheduler()
            .schedule(
                DRAIN_POLL,
                () -> {
                  if (!current.test(s)) {
                    return;
                  }
                  if (p.signaller().groupAlive(run.process.pid())) {
                    poll(run, current, finish);
                  } else {
                    finish.accept(run.leaderExitCode);
                  }
                });
  }
}
