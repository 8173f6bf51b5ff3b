package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ConfigNamesTest {
  @Test
  void acceptsShellVariableNames() {
    assertThatCode(() -> ConfigNames.check(Map.of("DATABASE_URL", "x", "_a1", "")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesWhatAProcessCouldNotReadOrBerthSetsItself() {
    for (String bad : new String[] {"", "1A", "A-B", "A B", "A=B", "PORT", "BERTH_RELEASE"}) {
      assertThatThrownBy(() -> ConfigNames.check(bad))
          .as(bad)
          .isInstanceOf(AppException.class)
          .hasMessageContaining("config var");
    }
    assertThatThrownBy(() -> ConfigNames.check(Map.of())).hasMessageContaining("nothing to set");
    assertThatThrownBy(() -> ConfigNames.check(Map.of("A", "x\0y"))).hasMessageContaining("NUL");
    assertThatThrownBy(() -> ConfigNames.check(Map.of("A", "x".repeat(ConfigNames.MAX_VALUE + 1))))
        .hasMessageContaining("at most");
  }

  @Property
  void aNameWithADashIsRefused(
      @ForAll @AlphaChars @StringLength(min = 1, max = 10) String a,
      @ForAll @AlphaChars @StringLength(min = 1, max = 10) String b) {
    assertThatThrownBy(() -> ConfigNames.check(a + "-" + b)).isInstanceOf(AppException.class);
  }

  @Property
  void aPairSplitsAtTheFirstEqualsSign(
      @ForAll("names") String name, @ForAll @StringLength(max = 40) String value) {
    assertThat(ConfigNames.pairs(java.util.List.of(name + "=" + value)))
        .containsExactly(Map.entry(name, value));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> names() {
    return net.jqwik.api.Arbitraries.strings()
        .withCharRange('A', 'Z')
        .withChars('_')
        .ofMinLength(1)
        .ofMaxLength(20);
  }

  @Test
  void anArgumentWithoutANameAndEqualsIsRefused() {
    for (String bad : new String[] {"KEY", "=value", ""}) {
      assertThatThrownBy(() -> ConfigNames.pairs(java.util.List.of(bad)))
          .as(bad)
          .hasMessageContaining("is not KEY=VALUE");
    }
  }
}
