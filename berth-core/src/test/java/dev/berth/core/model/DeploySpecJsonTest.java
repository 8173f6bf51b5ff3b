package dev.berth.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ServiceSpec with deploy settings through Jackson configured as berth-store's SpecJson: a round
 * trip keeps them, and a row stored before they existed reads with the defaults.
 */
class DeploySpecJsonTest {
  final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  static ServiceSpec web(DeploySpec deploy) {
    return new ServiceSpec(
        "web",
        ServiceType.WEB,
        "./server",
        8080,
        2,
        Resources.DEFAULT,
        Map.of("A", "1"),
        HealthCheck.defaultFor(ServiceType.WEB),
        null,
        "",
        deploy);
  }

  @Test
  void roundTripKeepsDeploySettings() throws Exception {
    ServiceSpec spec =
        web(
            new DeploySpec(
                DeploySpec.Strategy.RECREATE,
                CountOrPercent.count(2),
                CountOrPercent.percentOf(0),
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                false,
                Duration.ZERO,
                new Percent(50),
                Duration.ofMillis(300)));

    assertThat(mapper.readValue(mapper.writeValueAsString(spec), ServiceSpec.class))
        .isEqualTo(spec);
  }

  @Test
  void aRowStoredBeforeDeployExistedReadsWithTheDefaults() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode tree = mapper.valueToTree(web(null));
    tree.remove("deploy");
    tree.remove("image"); // nor an image, which came later still
    String json = mapper.writeValueAsString(tree);
    assertThat(json).doesNotContain("deploy");

    ServiceSpec read = mapper.readValue(json, ServiceSpec.class);
    assertThat(read.deploy()).isEqualTo(DeploySpec.DEFAULT);
    assertThat(read).isEqualTo(web(null));
  }
}
