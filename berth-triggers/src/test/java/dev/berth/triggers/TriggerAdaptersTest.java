package dev.berth.triggers;

import static dev.berth.triggers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.TriggerSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerAdaptersTest {

  @Test
  void triggersMeasuredInsideBerthHaveNoSourceHereAndSaySo() {
    assertThatThrownBy(
            () -> new TriggerAdapters().open(trigger(TriggerType.CPU, "value", "50"), Map.of()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(
            "a cpu trigger is measured inside Berth (by the runtime or the router), not by"
                + " berth-triggers");
    assertThatThrownBy(() -> new TriggerAdapters().open(trigger(TriggerType.CRON), Map.of()))
        .hasMessageContaining("CronWindowSource");
  }

  @Test
  void natsPicksTheClientOrTheMonitoringEndpoint() {
    try (TriggerSource a =
            new TriggerAdapters()
                .open(trigger(TriggerType.NATS_JETSTREAM, "url", "nats://h:4222"), Map.of());
        TriggerSource b =
            new TriggerAdapters()
                .open(
                    trigger(TriggerType.NATS_JETSTREAM, "natsServerMonitoringEndpoint", "h:8222"),
                    Map.of())) {
      assertThat(a).isInstanceOf(NatsJetStreamSource.class);
      assertThat(b).isInstanceOf(NatsMonitoringSource.class);
    }
  }

  @Test
  void aSourceNeverThrowsEvenOnNonsense() {
    try (TriggerSource s =
        new TriggerAdapters()
            .open(trigger(TriggerType.RABBITMQ, "host", "not a url at all"), Map.of())) {
      assertThat(s.read().error()).isNotBlank();
    }
    try (TriggerSource s =
        new TriggerAdapters()
            .open(
                trigger(TriggerType.REDIS_LIST, "address", "h:notaport", "listName", "q"),
                Map.of())) {
      assertThat(s.read().error())
          .isEqualTo("'notaport' is not a port number (write address: host:6379)");
    }
  }
}
