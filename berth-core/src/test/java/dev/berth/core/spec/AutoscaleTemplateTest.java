package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.decide.TemplateHash;
import dev.berth.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;

/** Autoscale settings are not part of the replica template: changing them replaces no replica. */
class AutoscaleTemplateTest {

  @Test
  void autoscaleChangesNoTemplateHash() {
    String head = "project: shop\nservices:\n  w:\n    command: ./work\n";
    ServiceSpec fixed = SpecAssertions.parse(head).services().get("w");
    ServiceSpec scaled =
        SpecAssertions.parse(
                head + "    autoscale: {max: 9, triggers: [{type: http, targetConcurrency: 5}]}\n")
            .services()
            .get("w");
    ServiceSpec other =
        SpecAssertions.parse(
                head + "    autoscale: {min: 2, max: 4, triggers: [{type: cpu, value: 60}]}\n")
            .services()
            .get("w");

    assertThat(TemplateHash.of(scaled, "/app")).isEqualTo(TemplateHash.of(fixed, "/app"));
    assertThat(TemplateHash.of(other, "/app")).isEqualTo(TemplateHash.of(fixed, "/app"));
  }
}
