package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  static final EnvironmentKey PROD = new EnvironmentKey("shop", "production");
  static final EnvironmentKey STAGING = new EnvironmentKey("shop", "staging");
  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private final MasterKey master = MasterKey.generate();

  @Test
  void sealsAndOpensWithoutStoringThePlainText() {
    ConfigRecord row = SecretCipher.seal(PROD, "DB_PASSWORD", "hunter2-très-secret", master, NOW);

    assertThat(row.secret()).isTrue();
    assertThat(row.value()).doesNotContain("hunter2");
    assertThat(row.wrappedKey()).isNotEmpty();
    assertThat(SecretCipher.open(row, master)).isEqualTo("hunter2-très-secret");
    assertThat(SecretCipher.wrappingKeyId(row)).isEqualTo(master.primaryId());
  }

  @Test
  void eachSealUsesAFreshDataKeyAndNonce() {
    ConfigRecord a = SecretCipher.seal(PROD, "K", "same value", master, NOW);
    ConfigRecord b = SecretCipher.seal(PROD, "K", "same value", master, NOW);
    assertThat(a.value()).isNotEqualTo(b.value());
    assertThat(a.wrappedKey()).isNotEqualTo(b.wrappedKey());
  }

  @Test
  void aWrongMasterKeyDecryptsNothingAndSaysWhichKeyIsNeeded() {
    ConfigRecord row = SecretCipher.seal(PROD, "DB_PASSWORD", "hunter2", master, NOW);
    MasterKey other = MasterKey.generate();

    assertThatThrownBy(() -> SecretCipher.open(row, other))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("cannot decrypt secret DB_PASSWORD of production.shop")
        .hasMessageContaining(Integer.toUnsignedString(master.primaryId()))
        .hasMessageContaining("restore")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aCiphertextCopiedToAnotherNameOrEnvironmentFailsToDecrypt() {
    ConfigRecord row = SecretCipher.seal(PROD, "DB_PASSWORD", "hunter2", master, NOW);
    ConfigRecord otherName =
        new ConfigRecord(PROD, "API_KEY", true, row.value(), row.wrappedKey(), NOW);
    ConfigRecord otherEnv =
        new ConfigRecord(STAGING, "DB_PASSWORD", true, row.value(), row.wrappedKey(), NOW);

    assertThatThrownBy(() -> SecretCipher.open(otherName, master))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("does not belong to this environment and name");
    assertThatThrownBy(() -> SecretCipher.open(otherEnv, master))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("does not belong to this environment and name");
  }

  @Test
  void aValueCiphertextUnderAnotherRowsDataKeyFailsToDecrypt() {
    ConfigRecord a = SecretCipher.seal(PROD, "A", "first-secret", master, NOW);
    ConfigRecord b = SecretCipher.seal(PROD, "A", "second-secret", master, NOW);
    ConfigRecord mixed = new ConfigRecord(PROD, "A", true, a.value(), b.wrappedKey(), NOW);
    assertThatThrownBy(() -> SecretCipher.open(mixed, master)).isInstanceOf(AppException.class);
  }

  @Test
  void aTamperedCiphertextFailsToDecrypt() {
    ConfigRecord row = SecretCipher.seal(PROD, "A", "value-1234", master, NOW);
    byte[] c = java.util.Base64.getDecoder().decode(row.value());
    c[c.length - 1] ^= 1;
    ConfigRecord tampered =
        new ConfigRecord(
            PROD,
            "A",
            true,
            java.util.Base64.getEncoder().encodeToString(c),
            row.wrappedKey(),
            NOW);
    assertThatThrownBy(() -> SecretCipher.open(tampered, master)).isInstanceOf(AppException.class);
  }

  @Test
  void rotationRewrapsTheDataKeyAndKeepsTheValueCiphertext() {
    ConfigRecord row = SecretCipher.seal(PROD, "A", "value-1234", master, NOW);
    MasterKey both = master.withNewPrimary();
    assertThat(both.ids()).hasSize(2).contains(master.primaryId());
    assertThat(SecretCipher.open(row, both)).isEqualTo("value-1234"); // old rows still open

    ConfigRecord rewrapped = SecretCipher.rewrap(row, both, both);
    MasterKey fresh = both.primaryOnly();

    assertThat(rewrapped.value()).isEqualTo(row.value());
    assertThat(rewrapped.wrappedKey()).isNotEqualTo(row.wrappedKey());
    assertThat(fresh.ids()).containsExactly(both.primaryId());
    assertThat(SecretCipher.open(rewrapped, fresh)).isEqualTo("value-1234");
    assertThatThrownBy(() -> SecretCipher.open(rewrapped, master)).isInstanceOf(AppException.class);
    assertThatThrownBy(() -> SecretCipher.open(row, fresh)).isInstanceOf(AppException.class);
  }

  @Test
  void masterKeyJsonRoundTripsAndGarbageIsRefusedWithoutEchoingIt() {
    MasterKey back = MasterKey.fromJson(master.toJson());
    ConfigRecord row = SecretCipher.seal(PROD, "A", "value-1234", master, NOW);
    assertThat(SecretCipher.open(row, back)).isEqualTo("value-1234");
    assertThat(master.toString()).doesNotContain(master.toJson());

    assertThatThrownBy(() -> MasterKey.fromJson("{\"not\": \"a keyset sekrit\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Tink")
        .hasMessageNotContaining("sekrit");
  }
}
