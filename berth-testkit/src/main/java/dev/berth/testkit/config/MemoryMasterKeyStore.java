package dev.berth.testkit.config;

import dev.berth.engine.app.AppException;
import dev.berth.engine.config.MasterKey;
import dev.berth.engine.config.MasterKeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A master key kept in memory, recording every save (a rotation saves twice: the keyset with both
 * keys, then the new key alone). {@link #readOnly} behaves as {@code BERTH_MASTER_KEY}: loads,
 * never saves.
 */
public final class MemoryMasterKeyStore implements MasterKeyStore {
  private MasterKey key;
  private final boolean readOnly;
  private final List<MasterKey> saves = new ArrayList<>();

  public MemoryMasterKeyStore() {
    this(null, false);
  }

  private MemoryMasterKeyStore(MasterKey key, boolean readOnly) {
    this.key = key;
    this.readOnly = readOnly;
  }

  /** Holding {@code key} already, as a key file written earlier. */
  public static MemoryMasterKeyStore holding(MasterKey key) {
    return new MemoryMasterKeyStore(key, false);
  }

  /** Supplied from outside, as {@code BERTH_MASTER_KEY}. */
  public static MemoryMasterKeyStore readOnly(MasterKey key) {
    return new MemoryMasterKeyStore(key, true);
  }

  @Override
  public synchronized Optional<MasterKey> load() {
    return Optional.ofNullable(key);
  }

  @Override
  public synchronized void save(MasterKey k) {
    if (readOnly) {
      throw new AppException(
          AppException.Kind.CONFLICT,
          "master_key_readonly",
          "the master key is supplied from outside");
    }
    key = k;
    saves.add(k);
  }

  @Override
  public String where() {
    return readOnly ? "BERTH_MASTER_KEY" : "memory";
  }

  /** The key now, or null. */
  public synchronized MasterKey key() {
    return key;
  }

  /** Every key saved, in order. */
  public synchronized List<MasterKey> saves() {
    return List.copyOf(saves);
  }
}
