package dev.berth.core.decide;

import dev.berth.core.model.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Readiness and liveness of one replica run, as a pure value: feed it probe results with the time
 * they completed, ask it what they mean. One tracker per process run; a restart starts a new one.
 *
 * <p>Rules (see {@link HealthCheck}): ready on the first success; unready after {@code
 * failureThreshold} consecutive failures; with liveness on, restart after {@code failureThreshold}
 * consecutive failures once it has been ready, or when it has not been ready within {@code
 * startupTimeout} of the start. Until the first success, probes come fast (from {@link
 * #FIRST_PROBE_DELAY}, doubling, up to the interval) so readiness is noticed within milliseconds.
 *
 * @param check the probe configuration
 * @param startedAt when the process started
 * @param ready currently ready
 * @param everReady has been ready at least once in this run
 * @param consecutiveFailures failures since the last success
 * @param probes probes done so far in this run
 */
public record ProbeTracker(
    HealthCheck check,
    Instant startedAt,
    boolean ready,
    boolean everReady,
    int consecutiveFailures,
    int probes) {

  /** Delay before the second probe when the first failed; doubles until the interval. */
  public static final Duration FIRST_PROBE_DELAY = Duration.ofMillis(5);

  /** What the runtime should do after a result. */
  public enum Verdict {
    KEEP,
    RESTART
  }

  public ProbeTracker {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** A tracker for a run that starts at {@code startedAt}. Without a probe, ready at once. */
  public static ProbeTracker start(HealthCheck check, Instant startedAt) {
    boolean none = check.kind() == HealthCheck.Kind.NONE;
    return new ProbeTracker(check, startedAt, none, none, 0, 0);
  }

  /** When the first probe is due. */
  public Instant firstProbeAt() {
    return startedAt.plus(check.initialDelay());
  }

  /** The tracker after one probe result. */
  public ProbeTracker record(boolean success) {
    if (success) {
      return new ProbeTracker(check, startedAt, true, true, 0, probes + 1);
    }
    int failures = consecutiveFailures + 1;
    boolean stillReady = ready && failures < check.failureThreshold();
    return new ProbeTracker(check, startedAt, stillReady, everReady, failures, probes + 1);
  }

  /** Whether the replica must be restarted, judged at {@code now}. */
  public Verdict verdict(Instant now) {
    if (!check.liveness() || check.kind() == HealthCheck.Kind.NONE) {
      return Verdict.KEEP;
    }
    if (everReady) {
      return consecutiveFailures >= check.failureThreshold() ? Verdict.RESTART : Verdict.KEEP;
    }
    return startupExpired(now) ? Verdict.RESTART : Verdict.KEEP;
  }

  /** True when the replica never became ready within the startup timeout. */
  public boolean startupExpired(Instant now) {
    return !everReady && !now.isBefore(startedAt.plus(check.startupTimeout()));
  }

  /** Delay from one probe's completion to the next probe. */
  public Duration nextProbeDelay() {
    Duration interval = check.interval();
    if (everReady) {
      return interval;
    }
    long ms = FIRST_PROBE_DELAY.toMillis() << Math.min(Math.max(probes - 1, 0), 20);
    return ms >= interval.toMillis() ? interval : Duration.ofMillis(ms);
  }
}
