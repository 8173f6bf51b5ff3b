package dev.berth.triggers;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.berth.engine.autoscale.TriggerConfig;

/**
 * {@code rabbitmq}: the ready messages of {@code queueName}, read with an AMQP passive declare (it
 * creates nothing), as KEDA's rabbitmq scaler does with {@code protocol: amqp}. Parameters as KEDA:
 * {@code host} (an {@code amqp://} or {@code amqps://} URL, possibly with the virtual host; an
 * empty one, as in {@code amqp://host/}, means the default {@code /}), {@code vhostName}, {@code
 * username}, {@code password}.
 *
 * <p>{@code mode: MessageRate} needs RabbitMQ's management API, which this version does not read:
 * every reading says so (a trigger error), rather than reporting a queue length as a rate.
 */
final class RabbitQueueSource extends GuardedSource {
  private Connection connection;

  RabbitQueueSource(TriggerConfig config) {
    super(config);
  }

  @Override
  double measure() throws Exception {
    if ("MessageRate".equals(config.get("mode"))) {
      throw new BadMetricException(
          "mode MessageRate needs RabbitMQ's management API, which this version of Berth does not"
              + " read yet (use mode: QueueLength)");
    }
    if (connection == null || !connection.isOpen()) {
      connection = connect();
    }
    String queue = config.get("queueName");
    Channel channel = connection.createChannel();
    try {
      return channel.queueDeclarePassive(queue).getMessageCount();
    } catch (java.io.IOException e) {
      String why = describe(e);
      if (why.contains("NOT_FOUND")) {
        throw new BadMetricException(
            "the queue '"
                + queue
                + "' does not exist on "
                + where()
                + " (check queueName and"
                + " vhostName)");
      }
      throw e;
    } finally {
      if (channel.isOpen()) {
        channel.close();
      }
    }
  }

  private Connection connect() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(config.get("host"));
    if (f.getVirtualHost().isEmpty()) {
      f.setVirtualHost("/"); // amqp://host/ means the vhost "", which RabbitMQ never has: mean "/"
    }
    String vhost = config.get("vhostName");
    if (vhost != null) {
      f.setVirtualHost(vhost);
    }
    String user = config.get("username");
    String password = config.get("password");
    if (user != null) {
      f.setUsername(user);
    }
    if (password != null) {
      f.setPassword(password);
    }
    f.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
    f.setHandshakeTimeout((int) CONNECT_TIMEOUT.toMillis());
    f.setChannelRpcTimeout((int) READ_TIMEOUT.toMillis());
    f.setShutdownTimeout(0);
    f.setAutomaticRecoveryEnabled(false); // the next read reconnects, on its own schedule
    return f.newConnection("berth-autoscaler");
  }

  private String where() {
    String host = config.get("host");
    int at = host.indexOf('@');
    return at < 0 ? host : host.substring(0, host.indexOf("//") + 2) + host.substring(at + 1);
  }

  @Override
  void disconnect() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.abort(1000);
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }
}
