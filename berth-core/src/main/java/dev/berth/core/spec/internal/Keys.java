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
  public static final List<String> BUILD = List.of("command", "timeout");
  public static final List<String> RELEASE = List.of("command", "timeout");
  public static final List<String> ENVIRONMENT = List.of("target", "services");

  /** Keys the parser recognises only to explain that they are not available yet. */
  public static final List<String> NOT_YET = List.of("autoscale");

  private Keys() {}
}
