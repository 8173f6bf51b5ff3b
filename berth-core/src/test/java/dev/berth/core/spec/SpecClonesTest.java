package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.ProjectSpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SpecClonesTest {
  static final String SPEC =
      """
      project: shop
      services:
        web:
          command: python3 app.py
          replicas: 2
      environments:
        production: {target: local}
        staging: {services: {web: {replicas: 1, env: {MODE: staging}}}}
      """;

  @Test
  void theCloneRunsTheOverridesOfItsSource() throws SpecException {
    String cloned = SpecClones.withEnvironment(SPEC, "staging", "preview-42");
    ProjectSpec spec = SpecParser.parse(new SpecSource("berth.yaml", cloned, null));
    var preview = spec.environment("preview-42");
    assertThat(preview.service("web").orElseThrow().replicas()).isEqualTo(1);
    assertThat(preview.service("web").orElseThrow().env()).containsEntry("MODE", "staging");
    assertThat(spec.environment("staging").services()).isEqualTo(preview.services());
    assertThat(spec.environments()).containsKeys("production", "staging", "preview-42");
  }

  @Test
  void aSpecWithoutEnvironmentsOrAlreadyDeclaringTheCloneIsUnchanged() {
    String plain = "project: shop\nservices:\n  web: {command: x}\n";
    assertThat(SpecClones.withEnvironment(plain, "staging", "preview-1")).isSameAs(plain);
    assertThat(SpecClones.withEnvironment(SPEC, "production", "staging")).isSameAs(SPEC);
  }

  @Test
  void anUndeclaredSourceSaysWhatIsDeclared() {
    assertThatThrownBy(() -> SpecClones.withEnvironment(SPEC, "qa", "preview-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'qa' is not declared")
        .hasMessageContaining("production, staging");
  }

  @Property(tries = 50)
  void everyCloneParsesToTheSourceServices(@ForAll @IntRange(min = 1, max = 9999) int pr)
      throws SpecException {
    String name = "preview-" + pr;
    ProjectSpec spec =
        SpecParser.parse(
            new SpecSource("berth.yaml", SpecClones.withEnvironment(SPEC, "staging", name), null));
    assertThat(spec.environment(name).services()).isEqualTo(spec.environment("staging").services());
  }
}
