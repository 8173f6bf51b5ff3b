package dev.berth.engine.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.model.TriggerType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerConfigTest {
  final TriggerSpec trigger =
      new TriggerSpec(
          "mq",
          TriggerType.RABBITMQ,
          MetricType.AverageValue,
          10,
          0,
          Map.of("hostFromEnv", "AMQP_URL", "passwordFromEnv", "PW", "queueName", "jobs"));

  @Test
  void resolvesFromEnvAndRedactsWhatItResolved() {
    TriggerConfig c =
        new TriggerConfig(
            trigger, Map.of("AMQP_URL", "amqp://app:s3cr3t@mq:5672/", "PW", "hunter22"));

    assertThat(c.get("queueName")).isEqualTo("jobs");
    assertThat(c.get("host")).isEqualTo("amqp://app:s3cr3t@mq:5672/");
    assertThat(c.get("password")).isEqualTo("hunter22");
    assertThat(c.get("vhostName", "/")).isEqualTo("/");
    assertThat(c.redact("cannot reach amqp://app:s3cr3t@mq:5672/ as app with hunter22"))
        .isEqualTo("cannot reach *** as app with ***")
        .doesNotContain("s3cr3t");
    assertThat(c.redact("auth failed for s3cr3t")).isEqualTo("auth failed for ***");
  }

  @Test
  void aMissingVariableIsAClearError() {
    TriggerConfig c = new TriggerConfig(trigger, Map.of());

    assertThatThrownBy(() -> c.get("host"))
        .isInstanceOf(TriggerConfig.MissingValueException.class)
        .hasMessage(
            "hostFromEnv names AMQP_URL, which the service's environment does not set (set it"
                + " with env: or berth config)");
  }
}
