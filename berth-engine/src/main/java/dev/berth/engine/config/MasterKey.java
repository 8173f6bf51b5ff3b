package dev.berth.engine.config;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The master key (key-encryption key) of the config secrets: a Tink AES-256-GCM keyset. It never
 * encrypts a value itself; it wraps the per-value data keys ({@link SecretCipher}).
 *
 * <p>Invariants: immutable; its primary key wraps, every key of the keyset unwraps (so a keyset
 * holding the old and the new key, during {@link #withNewPrimary rotation}, reads both kinds of
 * rows). Tink prefixes each wrapped key with the id of the key that wrapped it, which is how a
 * wrong master key is told apart from a damaged row ({@link #keyIdOf}).
 */
public final class MasterKey {
  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle keyset;
  private final Aead aead;

  private MasterKey(KeysetHandle keyset) throws GeneralSecurityException {
    this.keyset = keyset;
    this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  /** A fresh single-key AES-256-GCM keyset. */
  public static MasterKey generate() {
    try {
      return new MasterKey(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an AES-256-GCM key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a keyset in Tink's JSON format (what {@link #toJson} writes, the content of {@code
   * master.key}).
   *
   * @throws IllegalArgumentException when the text is not such a keyset, saying so without echoing
   *     the text (it is key material)
   */
  public static MasterKey fromJson(String json) {
    try {
      return new MasterKey(
          TinkJsonProtoKeysetFormat.parseKeyset(json.strip(), InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a Tink AES-256-GCM keyset in JSON ("
              + e.getClass().getSimpleName()
              + "); a master key is the JSON Berth wrote to master.key");
    }
  }

  /** The keyset as Tink JSON, secret material included: only for the key file. */
  public String toJson() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serialize the master key: " + e.getMessage(), e);
    }
  }

  /** The id of the key that wraps new data keys. */
  public int primaryId() {
    return keyset.getPrimary().getId();
  }

  /** The ids of every key in the keyset (the primary first). */
  public List<Integer> ids() {
    List<Integer> ids = new ArrayList<>();
    ids.add(primaryId());
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() != primaryId()) {
        ids.add(keyset.getAt(i).getId());
      }
    }
    return ids;
  }

  /** This keyset plus a fresh key that becomes primary: step one of a rotation. */
  public MasterKey withNewPrimary() {
    try {
      return new MasterKey(
          KeysetHandle.newBuilder(keyset)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot add a key to the master keyset: " + e.getMessage(), e);
    }
  }

  /** The primary key alone: the last step of a rotation, once nothing uses the others. */
  public MasterKey primaryOnly() {
    try {
      KeysetHandle.Builder b = KeysetHandle.newBuilder(keyset);
      for (int i = keyset.size() - 1; i >= 0; i--) {
        if (!keyset.getAt(i).isPrimary()) {
          b.deleteAt(i);
        }
      }
      return new MasterKey(b.build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trim the master keyset: " + e.getMessage(), e);
    }
  }

  byte[] wrap(byte[] dataKey, byte[] associatedData) throws GeneralSecurityException {
    return aead.encrypt(dataKey, associatedData);
  }

  byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
    return aead.decrypt(wrapped, associatedData);
  }

  /** The id of the master key that wrapped {@code wrapped} (Tink's 5-byte prefix), or 0. */
  static int keyIdOf(byte[] wrapped) {
    if (wrapped.length < 5 || wrapped[0] != 1) {
      return 0;
    }
    return java.nio.ByteBuffer.wrap(wrapped, 1, 4).getInt();
  }

  @Override
  public String toString() {
    return "MasterKey[ids=" + ids() + "]"; // never the key material
  }
}
