package dev.berth.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import org.junit.jupiter.api.Test;

/**
 * A ServiceSpec with autoscale through Jackson configured as berth-store's SpecJson: the stored row
 * reads back equal, and a row stored before autoscale existed reads as no autoscaling.
 */
class AutoscaleSpecJsonTest {
  final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  @Test
  void roundTripKeepsEverySetting() throws Exception {
    ServiceSpec worker =
        SpecParser.parse(
                new SpecSource(
                    "berth.yaml", dev.berth.core.spec.AutoscaleSpecTestAccess.FULL, null))
            .services()
            .get("worker");

    String json = mapper.writeValueAsString(worker);

    assertThat(mapper.readValue(json, ServiceSpec.class)).isEqualTo(worker);
    assertThat(json).doesNotContain("AMQP_PASSWORD\":\"").contains("passwordFromEnv");
  }

  @Test
  void aRowStoredBeforeAutoscaleReadsWithout() throws Exception {
    ServiceSpec fixed = DeploySpecJsonTest.web(null);
    String json = mapper.writeValueAsString(fixed);
    assertThat(json).as("nothing written for no autoscale").doesNotContain("autoscale");

    assertThat(mapper.readValue(json, ServiceSpec.class).autoscale()).isNull();
  }
}
