package dev.berth.core.model;

import java.util.Locale;

/**
 * The kinds of autoscaling trigger, named as KEDA names its scalers (so a ScaledObject's triggers
 * move over with their parameters), plus Berth's own {@code http}, measured by the router.
 */
public enum TriggerType {
  /** Length of a Redis list (or sorted set, set, hash): KEDA's {@code redis} scaler. */
  REDIS_LIST,
  /** Ready messages in a RabbitMQ queue, or its message rate. */
  RABBITMQ,
  /** A JetStream consumer's lag: pending plus ack-pending messages. */
  NATS_JETSTREAM,
  /** One number returned by a PostgreSQL query. */
  POSTGRESQL,
  /** A PromQL instant query. */
  PROMETHEUS,
  /** A number read from a JSON document at a URL. */
  METRICS_API,
  /** CPU use of the service's replicas, against their requests. */
  CPU,
  /** Memory use of the service's replicas, against their requests. */
  MEMORY,
  /** A replica floor inside a time window. */
  CRON,
  /** Requests in flight, or requests per second, per replica, measured by Berth's router. */
  HTTP;

  /** As written in the spec: {@code redis-list}, {@code nats-jetstream}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The type written {@code text}, or {@code null}. */
  public static TriggerType fromWire(String text) {
    for (TriggerType t : values()) {
      if (t.wireName().equals(text)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Whether the trigger measures the replicas themselves (no activation: it cannot wake from 0).
   */
  public boolean resource() {
    return this == CPU || this == MEMORY;
  }
}
