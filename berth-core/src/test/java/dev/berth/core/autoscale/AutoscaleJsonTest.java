package dev.berth.core.autoscale;

import static dev.berth.core.autoscale.Fixtures.queue;
import static dev.berth.core.autoscale.Fixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.core.autoscale.Fixtures.Driver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state a controller persists between decisions, and the outcome it records as an event, go
 * through Jackson (configured as berth-store's) and come back equal, NaN values of failed triggers
 * included.
 */
class AutoscaleJsonTest {
  final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  @Test
  void stateAndOutcomeRoundTrip() throws Exception {
    Driver d = new Driver(spec(0, 20, queue("a", 5, 0), queue("b", 5, 0)), 0);
    d.at(0).decide(Map.of("a", Reading.of(40), "b", Reading.of(3)));
    AutoscaleOutcome o = d.at(20).decide(Map.of("a", Reading.of(90), "b", Reading.error("down")));

    String json = mapper.writeValueAsString(o);

    assertThat(mapper.readValue(json, AutoscaleOutcome.class)).isEqualTo(o);
    assertThat(mapper.readValue(mapper.writeValueAsString(o.next()), AutoscaleState.class))
        .isEqualTo(o.next());
    assertThat(json).contains("\"reason\":\"SCALE_UP_LIMITED\"").contains("\"error\":\"down\"");
  }
}
