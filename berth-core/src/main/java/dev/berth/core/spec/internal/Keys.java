package dev.berth.core.spec.internal;

import java.util.List;

/**
 * The keys berth.yaml version 1 allows at each level. One list per level, shared by the parser and
 * by the test that checks {@code docs/berth.schema.json} against it, so the two cannot drift.
 */
public final class Keys {
  public static final List<String> TOP =
      List.of("version", "project", "services", "build", "release", "environments");
  public static final List<String> SERVICE =
      List.of(
          "type",
          "command",
          "port",
          "replicas",
          "resources",
          "env",
          "health",
          "schedule",
          "timezone",
          "concurrency",
          "startingDeadline",
          "missedRuns",
          "timeout",
          "retries",
          "suspend",
          "history",
          "user",
          "deploy",
          "autoscale",
          "image");
  public static final List<String> RESOURCES = List.of("cpu", "memory");
  public static final List<String> HEALTH =
      List.of(
          "http",
          "tcp",
          "exec",
          "interval",
          "timeout",
          "initialDelay",
          "startupTimeout",
          "failureThreshold",
          "liveness");
  public static final List<String> PROBES = List.of("http", "tcp", "exec");
  public static final List<String> DEPLOY =
      List.of(
          "strategy",
          "maxSurge",
          "maxUnavailable",
          "minReady",
          "progressDeadline",
          "autoRollback",
          "watch",
          "errorRate",
          "latencyP95");
  public static final List<String> RETRIES = List.of("limit", "backoff", "maxBackoff");
  public static final List<String> HISTORY = List.of("successful", "failed");
  public static final List<String> BUILD = List.of("command", "timeout");
  public static final List<String> RELEASE = List.of("command", "timeout");
  public static final List<String> ENVIRONMENT = List.of("target", "services");

  public static final List<String> AUTOSCALE =
      List.of(
          "min",
          "max",
          "pollingInterval",
          "cooldown",
          "initialCooldown",
          "triggers",
          "behavior",
          "fallback",
          "advanced",
          "hold");
  public static final List<String> BEHAVIOR = List.of("scaleUp", "scaleDown");
  public static final List<String> SCALING_RULES =
      List.of("stabilizationWindow", "selectPolicy", "policies", "tolerance");
  public static final List<String> POLICY = List.of("type", "value", "period");
  public static final List<String> FALLBACK = List.of("failureThreshold", "replicas", "behavior");
  public static final List<String> HOLD = List.of("requests", "timeout");
  public static final List<String> ADVANCED =
      List.of("formula", "target", "activationTarget", "metricType");

  /**
   * Keys the parser recognises only to explain that they are not available yet (none today). The
   * keys of each trigger type are in {@link TriggerParams}.
   */
  public static final List<String> NOT_YET = List.of();

  private Keys() {}
}
