package dev.berth.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A service's autoscaling: KEDA's ScaledObject model (triggers, activation, cooldown to zero,
 * fallback, a formula over triggers) with the Kubernetes HPA's algorithm and {@code behavior}
 * (stabilization windows, rate policies, tolerance), polled every second by default instead of
 * KEDA's 30.
 *
 * <p><b>Who owns the replica count.</b> With autoscale on, the autoscaler does. The service's
 * {@link ServiceSpec#replicas()} is only the <em>starting</em> count: what a service that has no
 * count yet (first apply, or autoscale just turned on) starts with, before the first decision;
 * afterwards an apply or a deploy keeps the current count and only the autoscaler changes it. Left
 * out, the starting count is {@code min}. The parser refuses a starting count outside {@code [min,
 * max]} rather than ignore it (the spec has no channel for warnings, and a silently ignored number
 * is what users complain about). This is how a Kubernetes Deployment's {@code replicas} works under
 * an HPA, and it lets the same spec deploy there.
 *
 * <p>Invariants: {@code 0 <= min <= max}, {@code 1 <= max}; at least one trigger, names unique;
 * durations non-negative, {@code pollingInterval > 0}; a formula names only existing triggers.
 * Immutable; {@code null} in a {@link ServiceSpec} means no autoscaling.
 *
 * @param min the fewest replicas; 0 lets the service scale to zero when no trigger is active
 * @param max the most replicas
 * @param pollingInterval how often the triggers are read (KEDA's {@code pollingInterval})
 * @param cooldown how long after the last active reading the service scales to zero (KEDA's {@code
 *     cooldownPeriod})
 * @param initialCooldown how long after autoscaling starts before it may first scale to zero
 *     (KEDA's {@code initialCooldownPeriod})
 * @param triggers the metric sources; the highest recommendation wins (unless {@code formula})
 * @param scaleUp the HPA {@code behavior.scaleUp} rules
 * @param scaleDown the HPA {@code behavior.scaleDown} rules
 * @param fallback replicas to run while a trigger keeps failing, or {@code null}
 * @param formula one composite metric computed from named triggers, or {@code null}
 * @param hold how the router holds requests for a web service with no ready replica while it scales
 *     from zero ({@code min: 0}); defaults when {@code null}
 */
public record AutoscaleSpec(
    int min,
    int max,
    Duration pollingInterval,
    Duration cooldown,
    Duration initialCooldown,
    List<TriggerSpec> triggers,
    Rules scaleUp,
    Rules scaleDown,
    Fallback fallback,
    Formula formula,
    Hold hold) {

  public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(1);

  /** KEDA's default cooldownPeriod (300 s). */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(5);

  /** The HPA's default tolerance: a change within 10% of the target does nothing. */
  public static final double DEFAULT_TOLERANCE = 0.1;

  /** The HPA's default scale-up: no stabilization; max(+100%, +4 replicas) every 15 s. */
  public static final Rules DEFAULT_SCALE_UP =
      new Rules(
          Duration.ZERO,
          SelectPolicy.Max,
          List.of(
              new Policy(PolicyType.Pods, 4, Duration.ofSeconds(15)),
              new Policy(PolicyType.Percent, 100, Duration.ofSeconds(15))),
          DEFAULT_TOLERANCE);

  /** The HPA's default scale-down: the highest recommendation of 5 minutes; -100% every 15 s. */
  public static final Rules DEFAULT_SCALE_DOWN =
      new Rules(
          Duration.ofMinutes(5),
          SelectPolicy.Max,
          List.of(new Policy(PolicyType.Percent, 100, Duration.ofSeconds(15))),
          DEFAULT_TOLERANCE);

  public AutoscaleSpec {
    if (min < 0 || max < 1 || min > max) {
      throw new IllegalArgumentException("need 0 <= min <= max and max >= 1: " + min + ", " + max);
    }
    pollingInterval = pollingInterval == null ? DEFAULT_POLLING_INTERVAL : pollingInterval;
    cooldown = cooldown == null ? DEFAULT_COOLDOWN : cooldown;
    initialCooldown = initialCooldown == null ? Duration.ZERO : initialCooldown;
    if (pollingInterval.isNegative() || pollingInterval.isZero()) {
      throw new IllegalArgumentException("pollingInterval must be > 0");
    }
    if (cooldown.isNegative() || initialCooldown.isNegative()) {
      throw new IllegalArgumentException("cooldown and initialCooldown must be >= 0");
    }
    triggers = List.copyOf(Objects.requireNonNull(triggers, "triggers"));
    if (triggers.isEmpty()) {
      throw new IllegalArgumentException("at least one trigger");
    }
    if (triggers.stream().map(TriggerSpec::name).distinct().count() != triggers.size()) {
      throw new IllegalArgumentException("trigger names must be unique");
    }
    scaleUp = scaleUp == null ? DEFAULT_SCALE_UP : scaleUp;
    scaleDown = scaleDown == null ? DEFAULT_SCALE_DOWN : scaleDown;
    hold = hold == null ? Hold.DEFAULT : hold;
  }

  /** Settings with the default {@link Hold}. */
  public AutoscaleSpec(
      int min,
      int max,
      Duration pollingInterval,
      Duration cooldown,
      Duration initialCooldown,
      List<TriggerSpec> triggers,
      Rules scaleUp,
      Rules scaleDown,
      Fallback fallback,
      Formula formula) {
    this(
        min,
        max,
        pollingInterval,
        cooldown,
        initialCooldown,
        triggers,
        scaleUp,
        scaleDown,
        fallback,
        formula,
        null);
  }

  /**
   * How Berth's router holds the requests of a web service that has no ready replica while it
   * scales from zero: at most {@code requests} at once (one more is answered 503 with {@code
   * Retry-After} at once), each for at most {@code timeout} (then 503 with {@code Retry-After}).
   * Like the queue of Knative's activator and the wait timeout of KEDA's HTTP add-on interceptor
   * (20 s there). Used only by web services with {@code min: 0}.
   *
   * @param requests the most requests held at once for the service, 1 to 100,000
   * @param timeout the longest one request is held, above zero
   */
  public record Hold(int requests, Duration timeout) {
    /** 1,000 requests for up to 30 s (the router's own request timeout). */
    public static final Hold DEFAULT = new Hold(1_000, Duration.ofSeconds(30));

    public Hold {
      Objects.requireNonNull(timeout, "timeout");
      if (requests < 1 || requests > 100_000 || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(
            "hold needs 1 <= requests <= 100000 and a timeout above zero");
      }
    }
  }

  /** The trigger named {@code name}, or {@code null}. */
  public TriggerSpec trigger(String name) {
    for (TriggerSpec t : triggers) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** How the policies of one direction combine, as the HPA's {@code selectPolicy}. */
  public enum SelectPolicy {
    /** The policy allowing the largest change (the default). */
    Max,
    /** The policy allowing the smallest change. */
    Min,
    /** No scaling in this direction at all. */
    Disabled
  }

  /** What a policy's value counts. */
  public enum PolicyType {
    /** A number of replicas per period. */
    Pods,
    /** A percentage of the replicas at the start of the period. */
    Percent
  }

  /**
   * One rate limit: at most {@code value} replicas (or percent) of change within any {@code
   * period}.
   */
  public record Policy(PolicyType type, int value, Duration period) {
    public Policy {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(period, "period");
      if (value < 1 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("a policy needs value >= 1 and period > 0");
      }
    }
  }

  /**
   * The rules of one direction (HPA {@code HPAScalingRules}).
   *
   * @param stabilizationWindow scale-down: the highest recommendation of this window is used;
   *     scale-up: the lowest
   * @param selectPolicy how the policies combine
   * @param policies the rate limits (at least one unless disabled)
   * @param tolerance a metric within this fraction of its target changes nothing (0 to 1)
   */
  public record Rules(
      Duration stabilizationWindow,
      SelectPolicy selectPolicy,
      List<Policy> policies,
      double tolerance) {
    public Rules {
      stabilizationWindow = stabilizationWindow == null ? Duration.ZERO : stabilizationWindow;
      selectPolicy = selectPolicy == null ? SelectPolicy.Max : selectPolicy;
      policies = policies == null ? List.of() : List.copyOf(policies);
      if (stabilizationWindow.isNegative()) {
        throw new IllegalArgumentException("stabilizationWindow must be >= 0");
      }
      if (!(tolerance >= 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be in [0, 1): " + tolerance);
      }
      if (policies.isEmpty() && selectPolicy != SelectPolicy.Disabled) {
        throw new IllegalArgumentException("at least one policy unless selectPolicy is Disabled");
      }
    }

    /** The longest policy period: scale events older than this no longer matter. */
    public Duration longestPeriod() {
      return policies.stream().map(Policy::period).max(Duration::compareTo).orElse(Duration.ZERO);
    }
  }

  /**
   * KEDA's {@code fallback}: after more than {@code failureThreshold} consecutive failed readings
   * of a trigger, that trigger recommends {@code replicas}, or a count derived from the current one
   * as {@code behavior} says.
   */
  public record Fallback(int failureThreshold, int replicas, FallbackBehavior behavior) {
    public Fallback {
      if (failureThreshold < 1 || replicas < 0) {
        throw new IllegalArgumentException("failureThreshold >= 1 and replicas >= 0");
      }
      behavior = behavior == null ? FallbackBehavior.STATIC : behavior;
    }

    /** A static fallback (KEDA's default). */
    public Fallback(int failureThreshold, int replicas) {
      this(failureThreshold, replicas, FallbackBehavior.STATIC);
    }

    /** What a failing trigger recommends while the service runs {@code current} replicas. */
    public int recommend(int current) {
      return switch (behavior) {
        case STATIC -> replicas;
        case CURRENT_REPLICAS -> current;
        case CURRENT_REPLICAS_IF_HIGHER -> Math.max(current, replicas);
        case CURRENT_REPLICAS_IF_LOWER -> Math.min(current, replicas);
      };
    }
  }

  /** KEDA's {@code fallback.behavior}, spelt as KEDA spells it in the spec. */
  public enum FallbackBehavior {
    /** {@code static}: the fallback replicas. */
    STATIC("static"),
    /** {@code currentReplicas}: keep the current count. */
    CURRENT_REPLICAS("currentReplicas"),
    /** {@code currentReplicasIfHigher}: the current count if higher than the fallback replicas. */
    CURRENT_REPLICAS_IF_HIGHER("currentReplicasIfHigher"),
    /** {@code currentReplicasIfLower}: the current count if lower than the fallback replicas. */
    CURRENT_REPLICAS_IF_LOWER("currentReplicasIfLower");

    private final String wire;

    FallbackBehavior(String wire) {
      this.wire = wire;
    }

    public String wireName() {
      return wire;
    }

    /** The behavior written {@code text}, or {@code null}. */
    public static FallbackBehavior fromWire(String text) {
      for (FallbackBehavior b : values()) {
        if (b.wire.equals(text)) {
          return b;
        }
      }
      return null;
    }
  }

  /**
   * KEDA's {@code scalingModifiers}: one metric computed from the named triggers' readings, which
   * replaces them in the decision.
   *
   * @param expression arithmetic over trigger names: {@code + - * /}, parentheses, {@code min},
   *     {@code max}
   * @param target as a trigger's target
   * @param activationTarget as a trigger's activation target
   * @param metricType AverageValue or Value
   */
  public record Formula(
      String expression,
      double target,
      double activationTarget,
      TriggerSpec.MetricType metricType) {
    public Formula {
      Objects.requireNonNull(expression, "expression");
      metricType = metricType == null ? TriggerSpec.MetricType.AverageValue : metricType;
      if (!(target > 0) || Double.isInfinite(target) || !(activationTarget >= 0)) {
        throw new IllegalArgumentException("target > 0 and activationTarget >= 0");
      }
    }
  }
}
