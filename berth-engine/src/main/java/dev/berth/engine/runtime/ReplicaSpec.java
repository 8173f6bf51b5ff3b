package dev.berth.engine.runtime;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a runtime needs to run one replica. Immutable; a changed template means a new replica
 * with a new id, never a mutated one.
 *
 * @param id unique, stable replica id such as {@code web-7f3k2}; names the log file
 * @param project project name
 * @param environment environment name
 * @param service service name
 * @param type service type; web replicas get a port in {@code PORT}
 * @param command shell command line ({@code sh -c})
 * @param workingDir the app's source directory
 * @param env environment variables from the spec; the runtime adds {@code PORT}, {@code
 *     BERTH_SERVICE}, {@code BERTH_RELEASE}, {@code BERTH_REPLICA}
 * @param containerPort the spec's port (Kubernetes container port); locally informational
 * @param resources requests (already admitted) and limits (to enforce)
 * @param health probe
 * @param release release label shown to the app in {@code BERTH_RELEASE}
 * @param templateHash hash of the service template this replica was made from
 * @param lastKnown the incarnation recorded before a control-plane restart, or {@code null}: if
 *     that process still runs, the runtime adopts it instead of starting another
 * @param user the user to run as, or empty for the control plane's own user (see {@link
 *     RunAsPolicy})
 * @param restart what happens when the process exits on its own: {@link RestartPolicy#ALWAYS} (the
 *     default, for web and worker replicas) or {@link RestartPolicy#NEVER} (a cron run)
 */
public record ReplicaSpec(
    String id,
    String project,
    String environment,
    String service,
    ServiceType type,
    String command,
    Path workingDir,
    Map<String, String> env,
    int containerPort,
    Resources resources,
    HealthCheck health,
    String release,
    String templateHash,
    Incarnation lastKnown,
    String user,
    RestartPolicy restart) {

  public ReplicaSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(workingDir, "workingDir");
    env = env == null ? Map.of() : Map.copyOf(env);
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(health, "health");
    release = release == null ? "" : release;
    templateHash = templateHash == null ? "" : templateHash;
    user = user == null ? "" : user;
    restart = restart == null ? RestartPolicy.ALWAYS : restart;
  }

  /** A replica that always restarts. */
  public ReplicaSpec(
      String id,
      String project,
      String environment,
      String service,
      ServiceType type,
      String command,
      Path workingDir,
      Map<String, String> env,
      int containerPort,
      Resources resources,
      HealthCheck health,
      String release,
      String templateHash,
      Incarnation lastKnown,
      String user) {
    this(
        id,
        project,
        environment,
        service,
        type,
        command,
        workingDir,
        env,
        containerPort,
        resources,
        health,
        release,
        templateHash,
        lastKnown,
        user,
        RestartPolicy.ALWAYS);
  }

  /** The same replica with another restart policy. */
  public ReplicaSpec withRestart(RestartPolicy policy) {
    return new ReplicaSpec(
        id,
        project,
        environment,
        service,
        type,
        command,
        workingDir,
        env,
        containerPort,
        resources,
        health,
        release,
        templateHash,
        lastKnown,
        user,
        policy);
  }

  public boolean needsPort() {
    return type == ServiceType.WEB;
  }

  public ReplicaSpec withLastKnown(Incarnation incarnation) {
    return new ReplicaSpec(
        id,
        project,
        environment,
        service,
        type,
        command,
        workingDir,
        env,
        containerPort,
        resources,
        health,
        release,
        templateHash,
        incarnation,
        user,
        restart);
  }
}
