package dev.berth.server.api;

import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.DestroyService;
import dev.berth.engine.app.ServiceCommands;
import dev.berth.engine.app.status.StatusService;
import dev.berth.engine.logs.LogSource;
import dev.berth.engine.release.PromoteService;
import dev.berth.engine.release.ReleaseCommands;
import dev.berth.engine.release.RollbackService;
import dev.berth.engine.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * What the API's handlers need: the engine's use cases and read models, wired by the control plane.
 * A record so tests can wire fakes.
 */
public record ApiContext(
    Store store,
    ApplyService apply,
    ServiceCommands commands,
    DestroyService destroy,
    RollbackService rollback,
    PromoteService promote,
    ArtifactUploads artifacts,
    ReleaseCommands releaseCommands,
    StatusService status,
    LogSource logs,
    LogIndex logIndex,
    PrometheusMeterRegistry metrics,
    Clock clock,
    dev.berth.engine.cron.CronCommands cron,
    java.util.function.Function<
            dev.berth.engine.store.ServiceKey,
            java.util.Optional<dev.berth.engine.autoscale.AutoscaleExplanation>>
        autoscale,
    dev.berth.engine.config.ConfigService config) {}
