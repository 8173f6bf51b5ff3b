package dev.berth.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One config var of one environment ({@code berth config set}), as stored.
 *
 * <p>Invariant: a secret's {@code value} is never its plain text: it is the base64 AES-256-GCM
 * ciphertext under a per-value data key, and {@code wrappedKey} that data key encrypted by the
 * master key (both bound to the environment and name, see {@code dev.berth.engine.config
 * .SecretCipher}); a plain var has its text in {@code value} and an empty {@code wrappedKey}.
 *
 * @param env the environment
 * @param name the variable's name ({@code DATABASE_URL})
 * @param secret whether the value is encrypted and masked everywhere
 * @param value the plain text, or the secret's ciphertext (base64)
 * @param wrappedKey the secret's data key encrypted by the master key (base64), or empty
 * @param updatedAt when it was last set
 */
public record ConfigRecord(
    EnvironmentKey env,
    String name,
    boolean secret,
    String value,
    String wrappedKey,
    Instant updatedAt) {
  public ConfigRecord {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    wrappedKey = wrappedKey == null ? "" : wrappedKey;
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (secret && wrappedKey.isEmpty()) {
      throw new IllegalArgumentException("a secret config var needs its wrapped data key: " + name);
    }
  }
}
