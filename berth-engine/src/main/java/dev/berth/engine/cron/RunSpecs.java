package dev.berth.engine.cron;

import dev.berth.core.cron.CronRun;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ServiceSpec;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.RestartPolicy;
import dev.berth.engine.store.ServiceRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replica a cron run's attempt runs as: the service's command, environment, resources, user and
 * working directory, exactly as a worker replica of the live release would get them, plus {@code
 * BERTH_RUN} (the run id) and {@code BERTH_SCHEDULED_AT} (the scheduled instant, ISO-8601 UTC), no
 * probe, and {@link RestartPolicy#NEVER}. Pure.
 *
 * <p>Replica id: the run id and the attempt ({@code report-20261203t020000z-1}), so each attempt
 * has its own process and log file, and {@code berth logs NAME --run ID} reads them all.
 */
public final class RunSpecs {
  private RunSpecs() {}

  /** The replica id of {@code run}'s current attempt. */
  public static String replicaId(CronRun run) {
    return run.id() + "-" + run.attempt();
  }

  /** The run id a replica id belongs to, or {@code null} when it is no run's. */
  public static String runIdOf(String replicaId) {
    int dash = replicaId.lastIndexOf('-');
    return dash <= 0 ? null : replicaId.substring(0, dash);
  }

  /**
   * @param sourceDir the environment's source directory: the live release's code checkout
   */
  public static ReplicaSpec of(String sourceDir, ServiceRecord service, CronRun run) {
    ServiceSpec s = service.spec();
    Map<String, String> env = new LinkedHashMap<>(s.env());
    env.put("BERTH_RUN", run.id());
    env.put("BERTH_SCHEDULED_AT", run.scheduledAt().toString());
    return new ReplicaSpec(
        replicaId(run),
        service.key().project(),
        service.key().environment(),
        service.key().service(),
        s.type(),
        s.command(),
        Path.of(sourceDir),
        env,
        0,
        s.resources(),
        HealthCheck.of(HealthCheck.Kind.NONE, ""),
        service.release(),
        service.templateHash(),
        null,
        s.user(),
        RestartPolicy.NEVER);
  }
}
