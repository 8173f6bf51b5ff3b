package dev.berth.triggers;

import dev.berth.core.model.TriggerSpec;
import dev.berth.engine.autoscale.TriggerConfig;
import dev.berth.engine.autoscale.TriggerSource;
import dev.berth.engine.autoscale.TriggerSources;
import java.util.Map;

/**
 * The real {@link TriggerSources}: a source per external trigger type. {@code cpu}, {@code memory}
 * and {@code http} are measured by the runtime and the router, and {@code cron} is computed from
 * the clock ({@link dev.berth.engine.autoscale.CronWindowSource}), so they have no source here.
 */
public final class TriggerAdapters implements TriggerSources {

  @Override
  public TriggerSource open(TriggerSpec trigger, Map<String, String> env) {
    TriggerConfig config = new TriggerConfig(trigger, env);
    return switch (trigger.type()) {
      case REDIS_LIST -> new RedisListSource(config);
      case RABBITMQ -> new RabbitQueueSource(config);
      case NATS_JETSTREAM ->
          trigger.param("url") != null || trigger.param("urlFromEnv") != null
              ? new NatsJetStreamSource(config)
              : new NatsMonitoringSource(config);
      case POSTGRESQL -> new PostgresQuerySource(config);
      case PROMETHEUS -> new PrometheusSource(config);
      case METRICS_API -> new MetricsApiSource(config);
      case CRON ->
          throw new UnsupportedOperationException(
              "a cron trigger is computed from the control plane's clock: use"
                  + " dev.berth.engine.autoscale.CronWindowSource");
      case CPU, MEMORY, HTTP ->
          throw new UnsupportedOperationException(
              "a "
                  + trigger.type().wireName()
                  + " trigger is measured inside Berth (by the runtime or the router), not by"
                  + " berth-triggers");
    };
  }
}
