package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import org.junit.jupiter.api.Test;

class ApiWarmupTest {

  @Test
  void warmsUpWithAValidSpecSoTheSuccessPathIsTheOneExercised() throws Exception {
    // An invalid spec would only warm the error path, not the one a user's first apply takes.
    ProjectSpec spec = SpecParser.parse(new SpecSource("berth.yaml", ApiWarmup.SPEC, null));

    assertThat(spec.project()).isEqualTo("berth-warmup");
    assertThat(spec.services()).containsOnlyKeys("web", "worker", "nightly");
  }
}
