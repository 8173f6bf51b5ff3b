package dev.berth.engine.config;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.berth.engine.app.AppException;
import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

/**
 * Envelope encryption of one secret config var: a fresh AES-256-GCM data key per value encrypts the
 * value, and the master key ({@link MasterKey}) encrypts (wraps) that data key. Both encryptions
 * take as associated data the environment and the var's name ({@link #associatedData}), so a
 * ciphertext copied to another row, environment or name fails to decrypt instead of handing one
 * environment's secret to another.
 *
 * <p>Invariants: nothing here returns a wrong plaintext (GCM authenticates; a wrong key or a moved
 * row is an error); {@link #rewrap} changes only the wrapped data key, never the value's
 * ciphertext, so a rotation does not change what replicas get nor their template hash. Pure apart
 * from randomness.
 */
public final class SecretCipher {
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();

  private SecretCipher() {}

  /** The stored row of secret {@code name} = {@code plaintext}, sealed under {@code master}. */
  public static ConfigRecord seal(
      EnvironmentKey env, String name, String plaintext, MasterKey master, Instant now) {
    byte[] ad = associatedData(env, name);
    try {
      KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      byte[] ciphertext = aead(dataKey).encrypt(plaintext.getBytes(StandardCharsets.UTF_8), ad);
      byte[] wrapped =
          master.wrap(
              TinkProtoKeysetFormat.serializeKeyset(dataKey, InsecureSecretKeyAccess.get()), ad);
      return new ConfigRecord(
          env, name, true, B64.encodeToString(ciphertext), B64.encodeToString(wrapped), now);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt secret " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The plain text of a secret row.
   *
   * @throws AppException ({@code master_key_mismatch}) when the master key cannot unwrap the row's
   *     data key, or the ciphertext does not belong to this row: never a wrong value
   */
  public static String open(ConfigRecord row, MasterKey master) {
    if (!row.secret()) {
      return row.value();
    }
    byte[] ad = associatedData(row.env(), row.name());
    KeysetHandle dataKey = unwrap(row, master, ad);
    try {
      return new String(
          aead(dataKey).decrypt(UNB64.decode(row.value()), ad), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw unreadable(
          row, "its ciphertext does not belong to this environment and name, or was changed");
    }
  }

  /** The row with its data key wrapped by {@code to}'s primary key instead; the value untouched. */
  public static ConfigRecord rewrap(ConfigRecord row, MasterKey from, MasterKey to) {
    byte[] ad = associatedData(row.env(), row.name());
    KeysetHandle dataKey = unwrap(row, from, ad);
    try {
      byte[] wrapped =
          to.wrap(
              TinkProtoKeysetFormat.serializeKeyset(dataKey, InsecureSecretKeyAccess.get()), ad);
      return new ConfigRecord(
          row.env(), row.name(), true, row.value(), B64.encodeToString(wrapped), row.updatedAt());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot re-wrap secret " + row.name() + ": " + e.getMessage(), e);
    }
  }

  /** The id of the master key that wrapped the row's data key (0 if unknown). */
  public static int wrappingKeyId(ConfigRecord row) {
    try {
      return MasterKey.keyIdOf(UNB64.decode(row.wrappedKey()));
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /**
   * {@code berth-config-v1 NUL project NUL environment NUL name}: what binds a ciphertext to its
   * row. Names cannot hold NUL, so no two rows share it.
   */
  static byte[] associatedData(EnvironmentKey env, String name) {
    return ("berth-config-v1\0" + env.project() + "\0" + env.environment() + "\0" + name)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static KeysetHandle unwrap(ConfigRecord row, MasterKey master, byte[] ad) {
    byte[] wrapped;
    try {
      wrapped = UNB64.decode(row.wrappedKey());
    } catch (IllegalArgumentException e) {
      throw unreadable(row, "its wrapped data key is damaged");
    }
    int id = MasterKey.keyIdOf(wrapped);
    if (!master.ids().contains(id)) {
      throw unreadable(
          row,
          "it was encrypted under master key id "
              + Integer.toUnsignedString(id)
              + ", which the current master key (ids "
              + master.ids().stream().map(Integer::toUnsignedString).toList()
              + ") does not hold: the master key file or BERTH_MASTER_KEY is not the one these"
              + " secrets were set with; restore that key (from your backup) and restart");
    }
    try {
      return TinkProtoKeysetFormat.parseKeyset(
          master.unwrap(wrapped, ad), InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw unreadable(
          row, "its data key does not belong to this environment and name, or was changed");
    }
  }

  private static Aead aead(KeysetHandle h) throws GeneralSecurityException {
    return h.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  private static AppException unreadable(ConfigRecord row, String why) {
    return new AppException(
        AppException.Kind.CONFLICT,
        "secret_unreadable",
        "cannot decrypt secret " + row.name() + " of " + row.env() + ": " + why);
  }
}
