package dev.berth.scalers;

import static dev.berth.scalers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.MetricSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalersTest {

  @Test
  void triggersMeasuredInsideBerthHaveNoSourceHereAndSaySo() {
    assertThatThrownBy(() -> new Scalers().open(trigger(TriggerType.CPU, "value", "50"), Map.of()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(
            "a cpu trigger is measured inside Berth (by the runtime or the router), not by"
                + " berth-scalers");
    assertThatThrownBy(() -> new Scalers().open(trigger(TriggerType.CRON), Map.of()))
        .hasMessageContaining("CronWindowSource");
  }

  @Test
  void natsPicksTheClientOrTheMonitoringEndpoint() {
    try (MetricSource a =
            new Scalers()
                .open(trigger(TriggerType.NATS_JETSTREAM, "url", "nats://h:4222"), Map.of());
        MetricSource b =
            new Scalers()
                .open(
                    trigger(TriggerType.NATS_JETSTREAM, "natsServerMonitoringEndpoint", "h:8222"),
                    Map.of())) {
      assertThat(a).isInstanceOf(NatsJetStreamSource.class);
      assertThat(b).isInstanceOf(NatsMonitoringSource.class);
    }
  }

  @Test
  void aSourceNeverThrowsEvenOnNonsense() {
    try (MetricSource s =
        new Scalers().open(trigger(TriggerType.RABBITMQ, "host", "not a url at all"), Map.of())) {
      assertThat(s.read().error()).isNotBlank();
    }
    try (MetricSource s =
        new Scalers()
            .open(
                trigger(TriggerType.REDIS_LIST, "address", "h:notaport", "listName", "q"),
                Map.of())) {
      assertThat(s.read().error())
          .isEqualTo("'notaport' is not a port number (write address: host:6379)");
    }
  }
}
