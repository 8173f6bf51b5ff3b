package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigHashTest {
  static final EnvironmentKey ENV = new EnvironmentKey("shop", "production");
  static final Instant T = Instant.parse("2026-12-03T12:00:00Z");

  static ConfigRecord plain(String name, String value) {
    return new ConfigRecord(ENV, name, false, value, "", T);
  }

  @Test
  void noConfigKeepsTheSpecTemplateHash() {
    assertThat(ConfigHash.of("abcdef0123", List.of())).isEqualTo("abcdef0123");
  }

  @Test
  void aChangedValueOrNameGivesANewTemplateAndOrderDoesNot() {
    String a = ConfigHash.of("abcdef0123", List.of(plain("A", "1"), plain("B", "2")));
    assertThat(a).hasSize(10).isNotEqualTo("abcdef0123");
    assertThat(ConfigHash.of("abcdef0123", List.of(plain("B", "2"), plain("A", "1")))).isEqualTo(a);
    assertThat(ConfigHash.of("abcdef0123", List.of(plain("A", "1"), plain("B", "3"))))
        .isNotEqualTo(a);
    assertThat(ConfigHash.of("abcdef0123", List.of(plain("A", "1"), plain("C", "2"))))
        .isNotEqualTo(a);
    assertThat(ConfigHash.of("abcdef0124", List.of(plain("A", "1"), plain("B", "2"))))
        .isNotEqualTo(a);
  }

  @Test
  void aSecretIsHashedByItsCiphertextSoRotationKeepsTheHash() {
    MasterKey k = MasterKey.generate();
    ConfigRecord s = SecretCipher.seal(ENV, "S", "value-1234", k, T);
    MasterKey both = k.withNewPrimary();
    ConfigRecord rotated = SecretCipher.rewrap(s, both, both);
    assertThat(ConfigHash.of("t", List.of(rotated))).isEqualTo(ConfigHash.of("t", List.of(s)));
    assertThat(ConfigHash.of("t", List.of(s)))
        .isNotEqualTo(ConfigHash.of("t", List.of(plain("S", "value-1234"))));
  }
}
