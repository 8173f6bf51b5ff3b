package dev.berth.core.model;

import java.time.Duration;
import java.util.Locale;

/**
 * How a service's replicas are replaced when its template changes, and how the new release is
 * judged: Kubernetes Deployment's strategy and progress deadline, plus a watch of the live
 * release's error rate and latency (which Kubernetes does not do).
 *
 * <p>Invariants: {@code maxSurge} and {@code maxUnavailable} are not both zero (a rolling update
 * could then neither add nor remove a replica, as Kubernetes refuses); durations are non-negative
 * and {@code progressDeadline} is positive; {@code latencyP95} is {@code null} when off. None of
 * this is part of the replica template ({@link dev.berth.core.decide.TemplateHash}): changing how
 * to roll out never replaces a replica by itself.
 *
 * @param strategy rolling (default) or recreate
 * @param maxSurge how many replicas above the desired count may exist during a rollout (a
 *     percentage of the desired count rounds up)
 * @param maxUnavailable how many replicas below the desired count may be unavailable during a
 *     rollout (a percentage rounds down)
 * @param minReady how long a replica must have been ready to count as available
 * @param progressDeadline the rollout fails when it makes no progress for this long
 * @param autoRollback whether a failed rollout (or a failing watch) rolls back to the last good
 *     release
 * @param watch how long the release is watched after the rollout completes; zero turns it off
 * @param errorRate the share of 5xx answers, over at least {@link #MIN_REQUESTS} requests, above
 *     which the watch fails
 * @param latencyP95 the 95th percentile latency above which the watch fails, or {@code null} (off)
 */
public record DeploySpec(
    Strategy strategy,
    CountOrPercent maxSurge,
    CountOrPercent maxUnavailable,
    Duration minReady,
    Duration progressDeadline,
    boolean autoRollback,
    Duration watch,
    Percent errorRate,
    Duration latencyP95) {

  /** The two strategies of a Kubernetes Deployment, in lower case in the spec. */
  public enum Strategy {
    /** Replace replicas a few at a time within the surge and unavailability bounds. */
    ROLLING,
    /** Stop every old replica, wait until they are gone, then start the new ones. */
    RECREATE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Strategy fromWire(String text) {
      for (Strategy s : values()) {
        if (s.wireName().equals(text)) {
          return s;
        }
      }
      return null;
    }
  }

  public static final CountOrPercent DEFAULT_MAX_SURGE = CountOrPercent.percentOf(25);
  public static final CountOrPercent DEFAULT_MAX_UNAVAILABLE = CountOrPercent.percentOf(25);
  public static final Duration DEFAULT_MIN_READY = Duration.ZERO;

  /** Kubernetes' default progressDeadlineSeconds (600). */
  public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);

  public static final Duration DEFAULT_WATCH = Duration.ofMinutes(2);
  public static final Percent DEFAULT_ERROR_RATE = Percent.of(5);

  /** Fewer requests than this in the watch window say nothing about the error rate or latency. */
  public static final int MIN_REQUESTS = 20;

  /** Every default: what a service without {@code deploy:} gets. */
  public static final DeploySpec DEFAULT =
      new DeploySpec(
          Strategy.ROLLING,
          DEFAULT_MAX_SURGE,
          DEFAULT_MAX_UNAVAILABLE,
          DEFAULT_MIN_READY,
          DEFAULT_PROGRESS_DEADLINE,
          true,
          DEFAULT_WATCH,
          DEFAULT_ERROR_RATE,
          null);

  /** Absent parts (a stored row written by an older version) take their defaults. */
  public DeploySpec {
    strategy = strategy == null ? Strategy.ROLLING : strategy;
    maxSurge = maxSurge == null ? DEFAULT_MAX_SURGE : maxSurge;
    maxUnavailable = maxUnavailable == null ? DEFAULT_MAX_UNAVAILABLE : maxUnavailable;
    minReady = minReady == null ? DEFAULT_MIN_READY : minReady;
    progressDeadline = progressDeadline == null ? DEFAULT_PROGRESS_DEADLINE : progressDeadline;
    watch = watch == null ? DEFAULT_WATCH : watch;
    errorRate = errorRate == null ? DEFAULT_ERROR_RATE : errorRate;
    if (maxSurge.zero() && maxUnavailable.zero()) {
      throw new IllegalArgumentException("maxSurge and maxUnavailable cannot both be 0");
    }
    if (minReady.isNegative() || watch.isNegative()) {
      throw new IllegalArgumentException("minReady and watch must be >= 0");
    }
    if (progressDeadline.isNegative() || progressDeadline.isZero()) {
      throw new IllegalArgumentException("progressDeadline must be > 0");
    }
    if (latencyP95 != null && (latencyP95.isNegative() || latencyP95.isZero())) {
      throw new IllegalArgumentException("latencyP95 must be > 0, or null for off");
    }
  }

  /**
   * The settings a rollback runs with: all the missing replicas of the restored template are
   * created at once ({@code maxSurge: 100%}), and the bad ones stop only as the restored ones
   * become available ({@code maxUnavailable: 0}, {@code minReady: 0s}) — except bad ones that are
   * not ready, which serve nobody and go first. Rolling, whatever the service's strategy, so a
   * rollback never takes everything down; the same progress deadline; no rollback of the rollback
   * and no watch (the restored release was good).
   */
  public DeploySpec rollbackSettings() {
    return new DeploySpec(
        Strategy.ROLLING,
        CountOrPercent.percentOf(100),
        CountOrPercent.count(0),
        Duration.ZERO,
        progressDeadline,
        false,
        Duration.ZERO,
        errorRate,
        latencyP95);
  }

  /** Whether the live release is watched after its rollout. */
  public boolean watches() {
    return !watch.isZero();
  }
}
