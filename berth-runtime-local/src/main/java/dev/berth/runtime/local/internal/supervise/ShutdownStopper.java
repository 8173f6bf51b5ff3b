package dev.berth.runtime.local.internal.supervise;

import dev.berth.runtime.local.internal.proc.Signaller;
import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends every replica when the runtime shuts down, all at once: SIGTERM to every process group in
 * one go, then one look at the process table per poll for the groups still alive, SIGKILL to the
 * groups (and cgroups) left when the grace period runs out, and a return once none is left, or
 * {@code killWait} after SIGKILL at the latest. So it takes about the grace period however many
 * replicas there are, where stopping them one by one on the supervisor thread (a {@code kill}
 * process and a scan of {@code /proc} per replica) took minutes for a thousand.
 *
 * <p>Runs on the caller's thread, never on the supervisor thread: the supervisors only record the
 * exits as they arrive ({@link ReplicaSupervisor#stopForShutdown}). A group is signalled only while
 * it has a live member, so its id cannot have been reused by another process.
 */
public final class ShutdownStopper {
  /** Told how many replicas are left, whenever that number changes (and once at the start). */
  public interface Progress {
    void left(int left, int total);
  }

  /** Waits between two looks at the process table (real time in production, a clock in tests). */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** How a shutdown ended: {@code left} groups were still alive when it gave up (0 normally). */
  public record Result(int total, int left, boolean killed) {}

  /** How long to wait for groups to end after SIGKILL before giving up. */
  public static final Duration KILL_WAIT = Duration.ofSeconds(5);

  /** How often the process table is read while waiting. */
  public static final Duration POLL = Duration.ofMillis(200);

  private final Signaller signaller;
  private final Clock clock;
  private final Sleeper sleeper;

  public ShutdownStopper(Signaller signaller, Clock clock, Sleeper sleeper) {
    this.signaller = signaller;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The real thing: waits with {@link Thread#sleep}. */
  public static ShutdownStopper real(Signaller signaller, Clock clock) {
    return new ShutdownStopper(signaller, clock, d -> Thread.sleep(d.toMillis()));
  }

  /**
   * Ends every target's process group: SIGTERM now, SIGKILL to what is left after {@code grace}.
   * Returns when no group is left, or {@link #KILL_WAIT} after SIGKILL, or when interrupted.
   */
  public Result stop(List<ShutdownTarget> targets, Duration grace, Progress progress) {
    Set<Long> groups = new LinkedHashSet<>();
    targets.forEach(t -> groups.add(t.pgid()));
    int total = groups.size();
    Set<Long> alive = signaller.liveGroups(groups);
    progress.left(alive.size(), total);
    if (!alive.isEmpty()) {
      signaller.signalGroups(alive, Signal.TERM);
    }
    Instant killDue = clock.instant().plus(grace);
    Instant killedAt = null;
    int reported = alive.size();
    while (true) {
      ShutdownDecision.Step step =
          ShutdownDecision.next(alive.size(), clock.instant(), killDue, killedAt, KILL_WAIT);
      switch (step) {
        case DONE, GIVE_UP -> {
          return new Result(total, alive.size(), killedAt != null);
        }
        case KILL -> {
          killedAt = clock.instant();
          kill(targets, alive);
        }
        case WAIT -> {
          try {
            sleeper.sleep(POLL);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(total, alive.size(), killedAt != null);
          }
        }
      }
      alive = signaller.liveGroups(alive);
      if (alive.size() != reported) {
        reported = alive.size();
        progress.left(reported, total);
      }
    }
  }

  private void kill(List<ShutdownTarget> targets, Set<Long> alive) {
    signaller.signalGroups(alive, Signal.KILL);
    List<ShutdownTarget> left = new ArrayList<>();
    for (ShutdownTarget t : targets) {
      if (alive.contains(t.pgid()) && t.cgroup() != null) {
        left.add(t);
      }
    }
    left.forEach(t -> t.cgroup().killAll()); // children that left the group but not the cgroup
  }
}
