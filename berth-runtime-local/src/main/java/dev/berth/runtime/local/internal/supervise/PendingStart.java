package dev.berth.runtime.local.internal.supervise;

import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.runtime.local.internal.proc.LaunchException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * A replica's process start while it is on the launch pool: {@link RunStarter#launch} (log pipe,
 * cgroup, fork and exec, the prelude: tens of milliseconds, mostly waiting) runs on a launch
 * thread, and its outcome, {@link Landed}, is handed back to the supervisor thread as a task. Why:
 * on the supervisor thread, the starts of many replicas due together would run one after the other
 * (the 200th cron run of a minute started 8 s late), and nothing else (exits, probes, stops) would
 * be handled meanwhile.
 *
 * <p>What the supervisor is asked while the start is on its way is kept here, on the supervisor
 * thread, and applied once it lands: a stop's grace (the new process is stopped at once), a
 * shutdown's wait for the process group. Only {@link RunStarter#launch} runs off the thread; it
 * touches no state of the supervisor.
 */
final class PendingStart {
  /** The outcome of a start: the process, or why there is none. */
  record Landed(RunStarter.Started started, LaunchException failure) {}

  /** The grace of a stop asked while the start was on its way, or {@code null}. */
  Duration stopGrace;

  /** The process group a shutdown asked for while the start was on its way, or {@code null}. */
  CompletableFuture<Optional<ShutdownTarget>> shutdownWait;

  private PendingStart() {}

  /**
   * Starts {@code spec} on the launch pool, using what {@code preparations} set up ahead for it;
   * {@code landed} then runs on the supervisor thread with this start and its outcome, always as a
   * later task (never before this returns).
   */
  static PendingStart submit(
      SupervisorPorts p,
      RunStarter starter,
      Preparations preparations,
      ReplicaSpec spec,
      int previousPort,
      BiConsumer<PendingStart, Landed> landed) {
    PendingStart me = new PendingStart();
    try {
      p.launches()
          .execute(
              () -> {
                Landed out;
                try {
                  RunStarter.Prepared ready = preparations.claim(spec, starter);
                  out = new Landed(starter.launch(spec, previousPort, ready), null);
                } catch (LaunchException e) {
                  out = new Landed(null, e);
                } catch (RuntimeException e) {
                  out = new Landed(null, new LaunchException("cannot start: " + e, e));
                }
                Landed o = out;
                p.scheduler().execute(() -> landed.accept(me, o));
              });
    } catch (RejectedExecutionException e) {
      Landed closing = new Landed(null, new LaunchException("the local runtime is closing"));
      p.scheduler().execute(() -> landed.accept(me, closing));
    }
    return me;
  }

  /** The shutdown's wait for this start's process group (one, however often it is asked). */
  CompletableFuture<Optional<ShutdownTarget>> awaitForShutdown() {
    if (shutdownWait == null) {
      shutdownWait = new CompletableFuture<>();
    }
    return shutdownWait;
  }
}
