package dev.berth.triggers;

import static dev.berth.triggers.Triggers.readOnce;
import static dev.berth.triggers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.TriggerSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the RabbitMQ on this machine (127.0.0.1:5672, guest/guest). */
class RabbitQueueSourceIT {
  static final String URL = "amqp://127.0.0.1:5672/";
  static final Map<String, String> GUEST = Map.of("AMQP_USER", "guest", "AMQP_PASSWORD", "guest");
  final String queue = "berth-it-" + UUID.randomUUID();
  Connection admin;
  Channel channel;

  @BeforeEach
  void declare() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri("amqp://127.0.0.1:5672");
    admin = f.newConnection("berth-it");
    channel = admin.createChannel();
    channel.queueDeclare(queue, false, false, true, null);
    channel.confirmSelect();
  }

  @AfterEach
  void clean() throws Exception {
    channel.queueDelete(queue);
    admin.close();
  }

  void publish(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      channel.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
    }
    channel.waitForConfirmsOrDie(5000);
  }

  TriggerSource source(String... extra) {
    String[] kv = new String[6 + extra.length];
    System.arraycopy(
        new String[] {"host", URL, "queueName", queue, "usernameFromEnv", "AMQP_USER"},
        0,
        kv,
        0,
        6);
    System.arraycopy(extra, 0, kv, 6, extra.length);
    String[] all = java.util.Arrays.copyOf(kv, kv.length + 2);
    all[kv.length] = "passwordFromEnv";
    all[kv.length + 1] = "AMQP_PASSWORD";
    return new TriggerAdapters().open(trigger(TriggerType.RABBITMQ, all), GUEST);
  }

  @Test
  void readsTheReadyMessages() throws Exception {
    publish(5);
    try (TriggerSource s = source()) {
      assertThat(s.read()).isEqualTo(Reading.of(5));
      publish(3);
      assertThat(s.read()).isEqualTo(Reading.of(8));
      channel.basicGet(queue, true);
      assertThat(s.read()).isEqualTo(Reading.of(7));
    }
  }

  @Test
  void aMissingQueueIsAnErrorAndTheNextReadStillWorks() throws Exception {
    try (TriggerSource s =
        new TriggerAdapters()
            .open(
                trigger(
                    TriggerType.RABBITMQ,
                    "host",
                    URL,
                    "queueName",
                    queue + "-nope",
                    "usernameFromEnv",
                    "AMQP_USER",
                    "passwordFromEnv",
                    "AMQP_PASSWORD"),
                GUEST)) {
      assertThat(s.read().error())
          .isEqualTo(
              "the queue '"
                  + queue
                  + "-nope' does not exist on "
                  + URL
                  + " (check queueName and vhostName)");
      assertThat(s.read().error()).as("again, not a broken connection").contains("does not exist");
    }
  }

  @Test
  void refusedAuthenticationIsAnErrorWithoutThePassword() {
    Reading r =
        readOnce(
            trigger(
                TriggerType.RABBITMQ,
                "host",
                URL,
                "queueName",
                queue,
                "usernameFromEnv",
                "U",
                "passwordFromEnv",
                "P"),
            Map.of("U", "guest", "P", "wrong-password"));
    assertThat(r.error()).contains("ACCESS_REFUSED").doesNotContain("wrong-password");
  }

  @Test
  void aUrlWithThePasswordFromTheEnvironmentIsRedacted() {
    Reading r =
        readOnce(
            trigger(TriggerType.RABBITMQ, "hostFromEnv", "AMQP_URL", "queueName", queue),
            Map.of("AMQP_URL", "amqp://guest:badpass1@127.0.0.1:5672/"));
    assertThat(r.error()).contains("ACCESS_REFUSED").doesNotContain("badpass1");
  }

  @Test
  void aBrokerThatIsDownIsAnError() {
    Reading r =
        readOnce(
            trigger(TriggerType.RABBITMQ, "host", "amqp://127.0.0.1:1/", "queueName", queue),
            Map.of());
    assertThat(r.error()).contains("Connection refused");
  }

  @Test
  void messageRateIsRefusedRatherThanFaked() throws Exception {
    publish(2);
    try (TriggerSource s = source("mode", "MessageRate")) {
      assertThat(s.read().error()).startsWith("mode MessageRate needs RabbitMQ's management API");
    }
  }
}
