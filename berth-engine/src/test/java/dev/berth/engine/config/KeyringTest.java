package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import dev.berth.engine.store.ConfigRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyringTest {
  /** A key store in memory that counts saves. */
  static final class Keys implements MasterKeyStore {
    MasterKey key;
    int saves;

    Keys(MasterKey key) {
      this.key = key;
    }

    @Override
    public Optional<MasterKey> load() {
      return Optional.ofNullable(key);
    }

    @Override
    public void save(MasterKey k) {
      key = k;
      saves++;
    }

    @Override
    public String where() {
      return "/data/master.key";
    }
  }

  private final MasterKey original = MasterKey.generate();
  private final ConfigRecord stored =
      SecretCipher.seal(SecretCipherTest.PROD, "DB", "hunter22", original, SecretCipherTest.NOW);

  @Test
  void createsAKeyOnFirstUseWhenNoSecretIsStored() {
    Keys keys = new Keys(null);
    MasterKey k = new Keyring(keys).forWriting(List.of());
    assertThat(keys.key).isSameAs(k);
    assertThat(keys.saves).isEqualTo(1);
  }

  @Test
  void aMissingKeyWithSecretsStoredIsAnErrorAndNoNewKeyIsMade() {
    Keys keys = new Keys(null);
    Keyring ring = new Keyring(keys);
    assertThatThrownBy(() -> ring.forWriting(List.of(stored)))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("/data/master.key")
        .hasMessageContaining("is missing but 1 secret(s) are stored")
        .hasMessageContaining("restore");
    assertThatThrownBy(() -> ring.forReading(List.of(stored))).isInstanceOf(AppException.class);
    assertThat(keys.saves).isZero();
    assertThat(keys.key).isNull();
  }

  @Test
  void aWrongKeyIsRefusedForWritingTooSoNothingIsSealedUnderIt() {
    Keys keys = new Keys(MasterKey.generate());
    Keyring ring = new Keyring(keys);
    assertThatThrownBy(() -> ring.forWriting(List.of(stored)))
        .isInstanceOf(AppException.class)
        .extracting(e -> ((AppException) e).code())
        .isEqualTo("master_key_mismatch");
    assertThatThrownBy(() -> ring.forReading(List.of(stored))).hasMessageContaining("not the one");
    assertThat(keys.saves).isZero();
  }

  @Test
  void theRightKeyOpensWhatWasStored() {
    Keyring ring = new Keyring(new Keys(MasterKey.fromJson(original.toJson())));
    assertThat(SecretCipher.open(stored, ring.forReading(List.of(stored)))).isEqualTo("hunter22");
  }
}
