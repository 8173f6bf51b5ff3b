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
 * startupTimeout} of the start. Until the first success, probes come fast (every twentieth of the
 * time since the start, from {@link #FIRST_PROBE_DELAY} up to the interval) so readiness is noticed
 * within milliseconds.
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

  /** The shortest delay between probes before the first success. */
  public static final Duration FIRST_PROBE_DELAY = Duration.ofMillis(5);

  /** Before the first success, probe after this fraction (1/20) of the time since the start. */
  static final int STARTUP_PROBE_FRACTION = 20;

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

  /**
   * Delay from one probe's completion (at {@code now}) to the next probe.
   *
   * <p>Until the first success the delay is a twentieth of the time since the start, at least
   * {@link #FIRST_PROBE_DELAY} and at most the interval: readiness is noticed within 5% of the
   * app's own start time (a few milliseconds for a fast app) while a slow starter is not probed
   * thousands of times. Once ready, probes come every interval.
   */
  public Duration nextProbeDelay(Instant now) {
    Duration interval = check.interval();
    if (everReady) {
      return interval;
    }
    Duration proportional = Duration.between(startedAt, now).dividedBy(STARTUP_PROBE_FRACTION);
    if (proportional.compareTo(FIRST_PROBE_DELAY) < 0) {
      return FIRST_PROBE_DELAY;
    }
    return proportional.compareTo(interval) > 0 ? interval : proportional;
  }
}
