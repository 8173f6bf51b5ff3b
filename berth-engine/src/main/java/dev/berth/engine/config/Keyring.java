package dev.berth.engine.config;

import dev.berth.engine.app.AppException;
import dev.berth.engine.store.ConfigRecord;
import java.util.List;
import java.util.Optional;

/**
 * The master key, loaded once and kept: what seals new secrets and opens stored ones.
 *
 * <p>Invariants: a key is created only when none exists and no secret is stored (a missing key with
 * secrets stored is an error, since a new key would leave them unreadable and then mix two keys); a
 * key that does not hold the key every stored secret was wrapped with is refused for sealing too,
 * so a wrong key file never gets new secrets written under it.
 */
final class Keyring {
  private final MasterKeyStore keys;
  private volatile MasterKey loaded;

  Keyring(MasterKeyStore keys) {
    this.keys = keys;
  }

  String where() {
    return keys.where();
  }

  /** The key that opens {@code stored} (the secrets about to be read). */
  MasterKey forReading(List<ConfigRecord> stored) {
    MasterKey k = current().orElseThrow(() -> missing(stored.size()));
    check(k, stored);
    return k;
  }

  /**
   * The key that seals a new secret, created and saved now if there is none and {@code stored} (all
   * stored secrets) is empty.
   */
  MasterKey forWriting(List<ConfigRecord> stored) {
    Optional<MasterKey> k = current();
    if (k.isPresent()) {
      check(k.get(), stored);
      return k.get();
    }
    if (!stored.isEmpty()) {
      throw missing(stored.size());
    }
    MasterKey fresh = MasterKey.generate();
    keys.save(fresh);
    loaded = fresh;
    return fresh;
  }

  /** Saves {@code key} and uses it from now on. */
  void replace(MasterKey key) {
    keys.save(key);
    loaded = key;
  }

  private Optional<MasterKey> current() {
    MasterKey k = loaded;
    if (k != null) {
      return Optional.of(k);
    }
    synchronized (this) {
      if (loaded == null) {
        keys.load().ifPresent(x -> loaded = x);
      }
      return Optional.ofNullable(loaded);
    }
  }

  /** Refuses a key that lacks the key any stored secret was wrapped with. */
  private void check(MasterKey k, List<ConfigRecord> stored) {
    for (ConfigRecord r : stored) {
      int id = SecretCipher.wrappingKeyId(r);
      if (!k.ids().contains(id)) {
        throw new AppException(
            AppException.Kind.CONFLICT,
            "master_key_mismatch",
            "the master key in "
                + keys.where()
                + " is not the one the stored secrets were encrypted with (secret "
                + r.name()
                + " of "
                + r.env()
                + " needs key id "
                + Integer.toUnsignedString(id)
                + "): nothing was decrypted or changed; restore the right key file from your"
                + " backup, or set BERTH_MASTER_KEY to it, and restart");
      }
    }
  }

  private AppException missing(int secrets) {
    return new AppException(
        AppException.Kind.CONFLICT,
        "master_key_missing",
        "the master key ("
            + keys.where()
            + ") is missing but "
            + secrets
            + " secret(s) are stored encrypted under it: nothing was decrypted or changed;"
            + " restore the key file from your backup (or set BERTH_MASTER_KEY to it) and"
            + " restart. Berth does not create a new key then: the stored secrets would stay"
            + " unreadable");
  }
}
