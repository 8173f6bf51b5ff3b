package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.parse;
import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.AutoscaleSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code autoscale.hold}: how the router holds requests of a web service at zero replicas. */
class AutoscaleHoldSpecTest {

  static String web(String hold) {
    return """
        project: shop
        services:
          web:
            type: web
            command: ./web
            autoscale:
              min: 0
              max: 4
              HOLD
              triggers: [{type: http, targetConcurrency: 10}]
        """
        .replace("HOLD", hold);
  }

  @Test
  void defaultsToAThousandRequestsForThirtySeconds() {
    AutoscaleSpec a = parse(web("cooldown: 5m")).services().get("web").autoscale();
    assertThat(a.hold()).isEqualTo(AutoscaleSpec.Hold.DEFAULT);
    assertThat(a.hold().requests()).isEqualTo(1_000);
    assertThat(a.hold().timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsBothSettingsAndKeepsTheDefaultOfOneLeftOut() {
    AutoscaleSpec a =
        parse(web("hold: {requests: 50, timeout: 2s}")).services().get("web").autoscale();
    assertThat(a.hold()).isEqualTo(new AutoscaleSpec.Hold(50, Duration.ofSeconds(2)));
    AutoscaleSpec b = parse(web("hold: {timeout: 500ms}")).services().get("web").autoscale();
    assertThat(b.hold()).isEqualTo(new AutoscaleSpec.Hold(1_000, Duration.ofMillis(500)));
  }

  @Test
  void badValuesAreProblemsWithTheirPlace() {
    assertThat(problems(web("hold: {requests: 0}")))
        .singleElement()
        .asString()
        .contains("services.web.autoscale.hold.requests")
        .contains("1 to 100000");
    assertThat(problems(web("hold: {timeout: 0s}")))
        .singleElement()
        .asString()
        .contains("services.web.autoscale.hold.timeout");
    assertThat(problems(web("hold: {queue: 5}"))).singleElement().asString().contains("queue");
    assertThat(problems(web("hold: 5")))
        .singleElement()
        .asString()
        .contains("expected the hold settings");
  }
}
