package dev.berth.core.rollout;

import dev.berth.core.model.DeploySpec;
import dev.berth.core.spec.Durations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether a release that completed its rollout still looks healthy to its users, from what the
 * router measured during the watch window: the post-deploy check Kubernetes, Heroku, Dokku and
 * Coolify do not make (Argo Rollouts' and Flagger's analysis, reduced to two thresholds).
 *
 * <p>Rules: with fewer than {@link DeploySpec#MIN_REQUESTS} requests in the window nothing is
 * judged (a handful of requests says nothing); otherwise the release fails when its share of 5xx
 * answers is strictly above {@code errorRate}, or (when {@code latencyP95} is set and a p95 was
 * measured) its p95 latency is strictly above {@code latencyP95}. The error rate is checked first.
 * Exact: the rate is compared in integers, never rounded.
 *
 * @param healthy whether the release passes
 * @param reason which threshold it crossed, or {@code null} when healthy
 * @param message a sentence for a person naming the measure and the threshold; empty when healthy
 */
public record WatchVerdict(boolean healthy, Reason reason, String message) {

  /** Which threshold a release crossed. */
  public enum Reason {
    ERROR_RATE,
    LATENCY_P95
  }

  /**
   * What the router measured for the new release over the window.
   *
   * @param requests answered requests
   * @param serverErrors of which 5xx
   * @param p95 their 95th percentile latency, or {@code null} when not measured
   */
  public record Window(long requests, long serverErrors, Duration p95) {
    public Window {
      if (requests < 0 || serverErrors < 0 || serverErrors > requests) {
        throw new IllegalArgumentException(
            "need 0 <= serverErrors <= requests: " + serverErrors + " of " + requests);
      }
    }
  }

  public static final WatchVerdict HEALTHY = new WatchVerdict(true, null, "");

  public WatchVerdict {
    Objects.requireNonNull(message, "message");
    if (healthy != (reason == null)) {
      throw new IllegalArgumentException("a reason goes with a failing verdict, and only with it");
    }
  }

  /** Judges one window against the service's thresholds. */
  public static WatchVerdict judge(DeploySpec spec, Window w) {
    if (w.requests() < DeploySpec.MIN_REQUESTS) {
      return HEALTHY;
    }
    if (spec.errorRate().exceededBy(w.serverErrors(), w.requests())) {
      BigDecimal rate =
          BigDecimal.valueOf(w.serverErrors() * 100)
              .divide(BigDecimal.valueOf(w.requests()), 1, RoundingMode.HALF_UP)
              .stripTrailingZeros();
      return new WatchVerdict(
          false,
          Reason.ERROR_RATE,
          "5xx rate "
              + rate.toPlainString()
              + "% ("
              + w.serverErrors()
              + " of "
              + w.requests()
              + " requests) is above errorRate "
              + spec.errorRate());
    }
    Duration limit = spec.latencyP95();
    if (limit != null && w.p95() != null && w.p95().compareTo(limit) > 0) {
      return new WatchVerdict(
          false,
          Reason.LATENCY_P95,
          "p95 latency "
              + Durations.format(w.p95().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
              + " over "
              + w.requests()
              + " requests is above latencyP95 "
              + Durations.format(limit.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    }
    return HEALTHY;
  }

  /**
   * Whether a release whose rollout completed at {@code completedAt} is still watched at {@code
   * now}: during {@code [completedAt, completedAt + watch)}, never when watch is 0s.
   */
  public static boolean watching(Instant now, Instant completedAt, DeploySpec spec) {
    return spec.watches()
        && !now.isBefore(completedAt)
        && now.isBefore(completedAt.plus(spec.watch()));
  }
}
