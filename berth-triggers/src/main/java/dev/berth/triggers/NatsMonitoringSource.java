package dev.berth.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.autoscale.TriggerConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code nats-jetstream} with {@code natsServerMonitoringEndpoint} (KEDA's way): GET {@code
 * http(s)://<endpoint>/jsz?acc=<account>&consumers=true} and read the consumer's {@code num_pending
 * + num_ack_pending}. The account defaults to {@code $G}, NATS' global account.
 */
final class NatsMonitoringSource extends GuardedSource {
  private final JsonHttp http = new JsonHttp();

  NatsMonitoringSource(TriggerConfig config) {
    super(config);
  }

  @Override
  double measure() throws Exception {
    String endpoint = config.get("natsServerMonitoringEndpoint").replaceAll("/+$", "");
    String scheme = Boolean.parseBoolean(config.get("useHttps", "false")) ? "https://" : "http://";
    String account = config.get("account", "$G");
    JsonNode root =
        http.get(
            (endpoint.contains("://") ? endpoint : scheme + endpoint)
                + "/jsz?consumers=true&acc="
                + URLEncoder.encode(account, StandardCharsets.UTF_8));
    String stream = config.get("stream");
    String consumer = config.get("consumer");
    for (JsonNode acc : root.path("account_details")) {
      for (JsonNode s : acc.path("stream_detail")) {
        if (!stream.equals(s.path("name").asText())) {
          continue;
        }
        for (JsonNode c : s.path("consumer_detail")) {
          if (consumer.equals(c.path("name").asText())) {
            return c.path("num_pending").asDouble() + c.path("num_ack_pending").asDouble();
          }
        }
      }
    }
    throw new BadMetricException(
        "the monitoring endpoint shows no consumer '"
            + consumer
            + "' on stream '"
            + stream
            + "' in account '"
            + account
            + "'");
  }

  @Override
  void disconnect() {
    // HTTP: nothing held between reads
  }
}
