package dev.berth.triggers;

import static dev.berth.triggers.Triggers.readOnce;
import static dev.berth.triggers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.TriggerSource;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the NATS server with JetStream on this machine (127.0.0.1:4222). */
class NatsJetStreamSourceIT {
  static final String URL = "nats://127.0.0.1:4222";
  final String stream = "berth_it_" + UUID.randomUUID().toString().replace("-", "");
  final String subject = stream + ".jobs";
  Connection nats;
  JetStreamManagement jsm;

  @BeforeEach
  void create() throws Exception {
    nats = Nats.connect(URL);
    jsm = nats.jetStreamManagement();
    jsm.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(subject)
            .storageType(StorageType.Memory)
            .build());
    jsm.addOrUpdateConsumer(
        stream,
        ConsumerConfiguration.builder().durable("workers").ackPolicy(AckPolicy.Explicit).build());
  }

  @AfterEach
  void clean() throws Exception {
    jsm.deleteStream(stream);
    nats.close();
  }

  TriggerSource source() {
    return new TriggerAdapters()
        .open(
            trigger(
                TriggerType.NATS_JETSTREAM, "url", URL, "stream", stream, "consumer", "workers"),
            Map.of());
  }

  @Test
  void lagIsPendingPlusAckPending() throws Exception {
    JetStream js = nats.jetStream();
    for (int i = 0; i < 6; i++) {
      js.publish(subject, ("m" + i).getBytes());
    }
    try (TriggerSource s = source()) {
      assertThat(s.read()).isEqualTo(Reading.of(6));
      JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind(stream, "workers"));
      List<Message> got = sub.fetch(2, Duration.ofSeconds(2));
      assertThat(got).hasSize(2);
      assertThat(s.read()).as("4 pending + 2 delivered, not acknowledged").isEqualTo(Reading.of(6));
      got.forEach(Message::ack);
      nats.flush(Duration.ofSeconds(2));
      assertThat(s.read()).isEqualTo(Reading.of(4));
    }
  }

  @Test
  void anUnknownConsumerIsAnError() {
    Reading r =
        readOnce(
            trigger(TriggerType.NATS_JETSTREAM, "url", URL, "stream", stream, "consumer", "nobody"),
            Map.of());
    assertThat(r.error())
        .startsWith("JetStream has no consumer 'nobody' on stream '" + stream + "'");
  }

  @Test
  void aServerThatIsDownIsAnError() {
    Reading r =
        readOnce(
            trigger(
                TriggerType.NATS_JETSTREAM,
                "url",
                "nats://127.0.0.1:1",
                "stream",
                stream,
                "consumer",
                "workers"),
            Map.of());
    assertThat(r.error()).isNotBlank();
  }
}
