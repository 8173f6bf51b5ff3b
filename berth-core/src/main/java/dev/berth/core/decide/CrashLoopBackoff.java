package dev.berth.core.decide;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Kubernetes' CrashLoopBackOff as a pure function: how long to wait before restarting a replica
 * that exited or failed its liveness probe.
 *
 * <p>The first crash restarts at once (most crashes are transient); each further consecutive crash
 * doubles the delay from {@code base} up to {@code cap}. A run that lasted at least {@code
 * resetAfter} counts as clean: the next crash is treated as a first one again. Invariant: {@code 0
 * <= delay <= cap}, and the delay never decreases while crashes stay consecutive.
 *
 * @param base delay after the second consecutive crash
 * @param cap the longest delay
 * @param resetAfter how long a run must last to forget earlier crashes
 */
public record CrashLoopBackoff(Duration base, Duration cap, Duration resetAfter) {

  /** Defaults for one machine: quicker than Kubernetes' 10 s / 5 min, same shape. */
  public static final CrashLoopBackoff DEFAULT =
      new CrashLoopBackoff(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofMinutes(5));

  public CrashLoopBackoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    Objects.requireNonNull(resetAfter, "resetAfter");
    if (base.isNegative() || cap.compareTo(base) < 0 || resetAfter.isNegative()) {
      throw new IllegalArgumentException("need 0 <= base <= cap and resetAfter >= 0");
    }
  }

  /**
   * The number of consecutive crashes including the one that just happened.
   *
   * @param previousConsecutive consecutive crashes before this run started
   * @param runStartedAt when the run that just ended started
   * @param exitedAt when it ended
   */
  public int consecutiveAfterCrash(
      int previousConsecutive, Instant runStartedAt, Instant exitedAt) {
    Duration ran = Duration.between(runStartedAt, exitedAt);
    return ran.compareTo(resetAfter) >= 0 ? 1 : Math.max(0, previousConsecutive) + 1;
  }

  /** Delay before the next start after {@code consecutive} consecutive crashes (>= 1). */
  public Duration delay(int consecutive) {
    if (consecutive <= 1) {
      return Duration.ZERO;
    }
    int doublings = Math.min(consecutive - 2, 40);
    long ms = base.toMillis();
    for (int i = 0; i < doublings && ms < cap.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, cap.toMillis()));
  }
}
