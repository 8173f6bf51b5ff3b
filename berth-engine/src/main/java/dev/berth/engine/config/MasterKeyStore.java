package dev.berth.engine.config;

import java.util.Optional;

/**
 * Where the master key lives: the key file {@code <data-dir>/master.key} (mode 0600) or the {@code
 * BERTH_MASTER_KEY} variable. Real implementation in {@code berth-server}; an in-memory one in
 * {@code berth-testkit}.
 */
public interface MasterKeyStore {
  /**
   * The stored key, or empty when there is none yet.
   *
   * @throws dev.berth.engine.app.AppException ({@code master_key_unreadable}) when there is one but
   *     it cannot be read: never a new key in its place
   */
  Optional<MasterKey> load();

  /**
   * Replaces the stored key as one step (a crash leaves the old or the new key, never a torn one).
   *
   * @throws dev.berth.engine.app.AppException ({@code master_key_readonly}) when the key is not
   *     Berth's to write ({@code BERTH_MASTER_KEY})
   */
  void save(MasterKey key);

  /** Where the key is, for messages: a path, or {@code BERTH_MASTER_KEY}. */
  String where();
}
