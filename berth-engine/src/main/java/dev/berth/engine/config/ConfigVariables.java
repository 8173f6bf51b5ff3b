package dev.berth.engine.config;

import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The config vars of an environment in plain text, for the processes that use them (replicas, cron
 * runs, release commands, builds) and nothing else.
 *
 * <p>Invariants: decrypted only here and in {@link ConfigService#reveal}; every secret decrypted is
 * known to the {@link Redactor} before its value leaves this class; a row that does not decrypt is
 * an error, never a missing or wrong variable. Decryptions are cached per environment until its
 * rows change (a config change is a new release, so the cache is read far more than written).
 */
public final class ConfigVariables {
  private record Cached(String fingerprint, Map<String, String> vars) {}

  private final Store store;
  private final Keyring keyring;
  private final Redactor redactor;
  private final Map<EnvironmentKey, Cached> cache = new ConcurrentHashMap<>();

  ConfigVariables(Store store, Keyring keyring, Redactor redactor) {
    this.store = store;
    this.keyring = keyring;
    this.redactor = redactor;
  }

  /** The vars of {@code store}'s environments, secrets opened with the key in {@code keys}. */
  public static ConfigVariables open(Store store, MasterKeyStore keys, Redactor redactor) {
    return new ConfigVariables(store, new Keyring(keys), redactor);
  }

  Keyring keyring() {
    return keyring;
  }

  Redactor redactor() {
    return redactor;
  }

  /** The environment's vars, name to plain value (empty when it has none). */
  public Map<String, String> of(EnvironmentKey env) {
    List<ConfigRecord> rows = store.read(tx -> tx.config().list(env));
    if (rows.isEmpty()) {
      return Map.of();
    }
    String fingerprint = ConfigHash.of("", rows);
    Cached c = cache.get(env);
    if (c != null && c.fingerprint().equals(fingerprint)) {
      return c.vars();
    }
    Map<String, String> vars = decrypt(rows);
    cache.put(env, new Cached(fingerprint, vars));
    return vars;
  }

  /**
   * Teaches the redactor every stored secret (at start, before anything else is written). Returns a
   * problem to log instead of throwing: a missing master key must not stop the control plane, only
   * the replicas that need their secrets.
   */
  public java.util.Optional<String> learnSecrets() {
    try {
      List<ConfigRecord> secrets = store.read(tx -> tx.config().secrets());
      if (!secrets.isEmpty()) {
        decrypt(secrets);
      }
      return java.util.Optional.empty();
    } catch (dev.berth.engine.app.AppException e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  Map<String, String> decrypt(List<ConfigRecord> rows) {
    List<ConfigRecord> secrets = rows.stream().filter(ConfigRecord::secret).toList();
    MasterKey key = secrets.isEmpty() ? null : keyring.forReading(secrets);
    Map<String, String> vars = new LinkedHashMap<>();
    for (ConfigRecord r : rows) {
      String v = r.secret() ? SecretCipher.open(r, key) : r.value();
      if (r.secret()) {
        redactor.add(v);
      }
      vars.put(r.name(), v);
    }
    return Map.copyOf(vars);
  }
}
