package dev.berth.core.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How the runtime decides that a replica is ready (gets traffic) and alive (keeps running).
 *
 * <p>One probe serves both purposes. Readiness: a replica becomes ready on its first success and
 * unready after {@code failureThreshold} consecutive failures; only ready replicas receive traffic.
 * Liveness (when {@code liveness} is true): after {@code failureThreshold} consecutive failures of
 * a replica that has been ready before, or when a replica has not become ready within {@code
 * startupTimeout} of starting, the runtime restarts it. Until the first success the runtime probes
 * quickly (starting at a few milliseconds, backing off to {@code interval}) so a replica gets
 * traffic as soon as it can serve it.
 *
 * @param kind which probe
 * @param target the HTTP path for {@link Kind#HTTP}, the shell command for {@link Kind#EXEC}, empty
 *     for {@link Kind#TCP} and {@link Kind#NONE} (TCP connects to the replica's port)
 * @param interval time between probes once ready
 * @param timeout how long one probe may take before it counts as a failure
 * @param failureThreshold consecutive failures before unready (and restart, with liveness)
 * @param initialDelay wait after start before the first probe
 * @param startupTimeout how long a replica may take to become ready before it is restarted
 * @param liveness whether failures restart the replica, not only take it out of traffic
 */
public record HealthCheck(
    Kind kind,
    String target,
    Duration interval,
    Duration timeout,
    int failureThreshold,
    Duration initialDelay,
    Duration startupTimeout,
    boolean liveness) {

  /** The probe kinds. {@code NONE}: ready as soon as the process runs (workers by default). */
  public enum Kind {
    HTTP,
    TCP,
    EXEC,
    NONE
  }

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ZERO;

  /** Heroku's boot timeout: a web process must serve within 60 s of launch. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  public HealthCheck {
    Objects.requireNonNull(kind, "kind");
    target = target == null ? "" : target;
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1");
    }
  }

  /** A probe of the given kind with the documented defaults. */
  public static HealthCheck of(Kind kind, String target) {
    return new HealthCheck(
        kind,
        target,
        DEFAULT_INTERVAL,
        DEFAULT_TIMEOUT,
        DEFAULT_FAILURE_THRESHOLD,
        DEFAULT_INITIAL_DELAY,
        DEFAULT_STARTUP_TIMEOUT,
        kind != Kind.NONE);
  }

  /** The default for a service type: web services must accept TCP on PORT; others need not. */
  public static HealthCheck defaultFor(ServiceType type) {
    return type == ServiceType.WEB ? of(Kind.TCP, "") : of(Kind.NONE, "");
  }
}
