package dev.berth.triggers;

import dev.berth.engine.autoscale.TriggerConfig;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;

/**
 * {@code nats-jetstream} with {@code url}: the lag of a durable consumer, {@code num_pending +
 * num_ack_pending} (messages not yet delivered plus delivered but not acknowledged), read through
 * the JetStream API with jnats. Parameters: {@code url} ({@code nats://host:4222}), {@code stream},
 * {@code consumer}, {@code username}, {@code password}. With KEDA's {@code
 * natsServerMonitoringEndpoint} instead, {@link NatsMonitoringSource} reads the same numbers over
 * HTTP.
 */
final class NatsJetStreamSource extends GuardedSource {
  private Connection connection;

  NatsJetStreamSource(TriggerConfig config) {
    super(config);
  }

  @Override
  double measure() throws Exception {
    if (connection == null || connection.getStatus() != Connection.Status.CONNECTED) {
      disconnect();
      connection = connect();
    }
    String stream = config.get("stream");
    String consumer = config.get("consumer");
    try {
      ConsumerInfo info = connection.jetStreamManagement().getConsumerInfo(stream, consumer);
      return (double) info.getNumPending() + info.getNumAckPending();
    } catch (JetStreamApiException e) {
      throw new BadMetricException(
          "JetStream has no consumer '"
              + consumer
              + "' on stream '"
              + stream
              + "' ("
              + e.getMessage()
              + ")");
    }
  }

  private Connection connect() throws Exception {
    Options.Builder o =
        new Options.Builder()
            .server(config.get("url"))
            .connectionName("berth-autoscaler")
            .connectionTimeout(CONNECT_TIMEOUT)
            .maxReconnects(0);
    String user = config.get("username");
    String password = config.get("password");
    if (user != null || password != null) {
      o.userInfo(user == null ? "" : user, password == null ? "" : password);
    }
    return Nats.connect(o.build());
  }

  @Override
  void disconnect() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }
}
