package dev.berth.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One service of a project, fully resolved for one environment: overrides applied, defaults filled
 * in, the command taken from the Procfile if the spec had none. Immutable.
 *
 * @param name the service name: lower-case letters, digits and dashes, starting with a letter (a
 *     DNS label, since it becomes part of the router host name and of Kubernetes object names)
 * @param type web, worker or cron
 * @param command the shell command line, run with {@code sh -c}
 * @param port the container port (used on Kubernetes); locally each web replica gets its own port
 *     in {@code PORT}. {@code 0} when not a web service. Defaults to 8080 for web services.
 * @param replicas desired number of replicas ({@code 0} for cron services)
 * @param resources requests and limits
 * @param env environment variables, in spec order
 * @param health readiness and liveness probe
 * @param cron the schedule, only for cron services ({@code null} otherwise)
 * @param user the user its replicas run as, or empty for the control plane's own user
 * @param deploy how its replicas are replaced and the new release judged; never part of the replica
 *     template. {@code null} (a row stored before deploy settings existed, or a caller that does
 *     not care) means {@link DeploySpec#DEFAULT}, so {@code deploy()} is never {@code null}
 * @param autoscale how the autoscaler sets the replica count, or {@code null} for a fixed count;
 *     when set, {@code replicas} is only the starting count (see {@link AutoscaleSpec})
 * @param image the container image its replicas run on Kubernetes ({@code
 *     registry.example.com/lms/web:1.4.2}), or {@code null} for none (the local target runs the
 *     command in the release's artifact). With an image, {@code command} may be empty: the image's
 *     own entrypoint and command run
 */
public record ServiceSpec(
    String name,
    ServiceType type,
    String command,
    int port,
    int replicas,
    Resources resources,
    Map<String, String> env,
    HealthCheck health,
    CronSchedule cron,
    String user,
    DeploySpec deploy,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        AutoscaleSpec autoscale,
    String image) {

  public static final int DEFAULT_PORT = 8080;

  /**
   * The most replicas one service may ask for, in the spec or with {@code berth scale}; see {@link
   * dev.berth.core.spec.SpecLimits}, where every limit lives.
   */
  public static final int MAX_REPLICAS = dev.berth.core.spec.SpecLimits.MAX_REPLICAS_PER_SERVICE;

  public ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(health, "health");
    env =
        env == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0");
    }
    if (type == ServiceType.CRON && cron == null) {
      throw new IllegalArgumentException("cron service " + name + " needs a schedule");
    }
    user = user == null ? "" : user;
    deploy = deploy == null ? DeploySpec.DEFAULT : deploy;
    if (autoscale != null && type == ServiceType.CRON) {
      throw new IllegalArgumentException("cron service " + name + " cannot autoscale");
    }
  }

  /** A service with a fixed replica count and no image (what runs locally). */
  public ServiceSpec(
      String name,
      ServiceType type,
      String command,
      int port,
      int replicas,
      Resources resources,
      Map<String, String> env,
      HealthCheck health,
      CronSchedule cron,
      String user,
      DeploySpec deploy) {
    this(
        name, type, command, port, replicas, resources, env, health, cron, user, deploy, null,
        null);
  }

  /** A service with the default deploy settings. */
  public ServiceSpec(
      String name,
      ServiceType type,
      String command,
      int port,
      int replicas,
      Resources resources,
      Map<String, String> env,
      HealthCheck health,
      CronSchedule cron,
      String user) {
    this(name, type, command, port, replicas, resources, env, health, cron, user, null, null, null);
  }

  /** A service whose replicas run as the control plane's own user. */
  public ServiceSpec(
      String name,
      ServiceType type,
      String command,
      int port,
      int replicas,
      Resources resources,
      Map<String, String> env,
      HealthCheck health,
      CronSchedule cron) {
    this(name, type, command, port, replicas, resources, env, health, cron, "", null, null, null);
  }
}
