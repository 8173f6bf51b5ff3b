package dev.berth.engine.config;

import dev.berth.engine.app.Actor;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.ConfigRelease;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code berth config}: set, unset, list and reveal an environment's config vars, and rotate the
 * master key of its secrets.
 *
 * <p>Invariants: a change and the release it makes are one transaction ({@link ConfigRelease});
 * secret values are sealed before they reach the store and never appear in events, the audit log,
 * results or errors (names do); {@code reveal} is the only way back to plain text through the API,
 * and it is audited; changes of secrets and rotations run one at a time in this control plane (a
 * secret sealed under a key a rotation is retiring would be lost).
 */
public final class ConfigService {
  private final Store store;
  private final ConfigRelease release;
  private final Clock clock;
  private final Redactor redactor;
  private final Keyring keyring;
  private final ConfigVariables variables;
  private final ReentrantLock keyLock = new ReentrantLock();

  public ConfigService(
      Store store, MasterKeyStore keys, ConfigRelease release, Clock clock, Redactor redactor) {
    this(store, ConfigVariables.open(store, keys, redactor), release, clock);
  }

  /**
   * @param variables what the processes get, made before this (the controllers that start replicas
   *     are wired before the apply use case a release needs)
   */
  public ConfigService(Store store, ConfigVariables variables, ConfigRelease release, Clock clock) {
    this.store = store;
    this.release = release;
    this.clock = clock;
    this.variables = variables;
    this.redactor = variables.redactor();
    this.keyring = variables.keyring();
  }

  /** The plain values for the processes of an environment (replicas, runs, builds). */
  public ConfigVariables variables() {
    return variables;
  }

  /**
   * Sets {@code vars}; with {@code secret} they are stored encrypted and masked. A var that is a
   * secret stays one when set again without {@code secret} (never silently shown); unset it first
   * to make it plain.
   */
  public ConfigChange set(
      Actor actor, EnvironmentKey env, Map<String, String> vars, boolean secret) {
    ConfigNames.check(vars);
    if (secret) {
      redactor.add(vars.values()); // before anything could write them anywhere
    }
    Map<String, String> sorted = new TreeMap<>(vars);
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    String message =
        "config: set " + String.join(", ", sorted.keySet()) + (secret ? " (secret)" : "");
    keyLock.lock();
    try {
      Optional<ApplyResult> r =
          release.run(
              env,
              actor,
              message,
              (tx, events) -> {
                changed.clear();
                unchanged.clear();
                Instant now = clock.instant();
                MasterKey key = null;
                for (Map.Entry<String, String> e : sorted.entrySet()) {
                  Optional<ConfigRecord> old = tx.config().get(env, e.getKey());
                  boolean asSecret = secret || old.map(ConfigRecord::secret).orElse(false);
                  if (old.isPresent()
                      && old.get().secret() == asSecret
                      && e.getValue().equals(plain(old.get()))) {
                    unchanged.add(e.getKey());
                    continue;
                  }
                  if (asSecret) {
                    redactor.add(e.getValue());
                    if (key == null) {
                      key = keyring.forWriting(tx.config().secrets());
                    }
                    tx.config().put(SecretCipher.seal(env, e.getKey(), e.getValue(), key, now));
                  } else {
                    tx.config()
                        .put(new ConfigRecord(env, e.getKey(), false, e.getValue(), "", now));
                  }
                  changed.add(e.getKey());
                }
                limit(tx, env);
                return record(tx, env, actor, "config-set", "set", changed, secret, now, events);
              });
      return result(changed, unchanged, r);
    } finally {
      keyLock.unlock();
    }
  }

  /**
   * Copies every var of {@code from} to {@code to}, secrets staying secrets: what {@code berth env
   * create --from} does before the clone's first apply, so a preview environment starts with its
   * source's config. Secrets are decrypted and sealed again for {@code to} (a ciphertext is bound
   * to its environment and name, so it cannot be copied as it is). Vars {@code to} already has are
   * overwritten. Makes a release of {@code to} only if {@code to} already runs.
   */
  public void copy(Actor actor, EnvironmentKey from, EnvironmentKey to) {
    Map<String, String> all = variables.of(from);
    java.util.Set<String> secret = secretNames(from);
    Map<String, String> plain = new TreeMap<>();
    Map<String, String> sealed = new TreeMap<>();
    all.forEach((k, v) -> (secret.contains(k) ? sealed : plain).put(k, v));
    if (!plain.isEmpty()) {
      set(actor, to, plain, false);
    }
    if (!sealed.isEmpty()) {
      set(actor, to, sealed, true);
    }
  }

  /** Removes {@code names}; names not set are reported unchanged. */
  public ConfigChange unset(Actor actor, EnvironmentKey env, List<String> names) {
    if (names.isEmpty()) {
      throw new dev.berth.engine.app.AppException(
          dev.berth.engine.app.AppException.Kind.INVALID,
          "invalid_config",
          "nothing to unset: name the vars, e.g. berth config unset LOG_LEVEL");
    }
    names.forEach(ConfigNames::check);
    List<String> sorted = new ArrayList<>(new java.util.TreeSet<>(names));
    List<String> changed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    Optional<ApplyResult> r =
        release.run(
            env,
            actor,
            "config: unset " + String.join(", ", sorted),
            (tx, events) -> {
              changed.clear();
              unchanged.clear();
              for (String n : sorted) {
                (tx.config().delete(env, n) ? changed : unchanged).add(n);
              }
              return record(
                  tx, env, actor, "config-unset", "unset", changed, false, clock.instant(), events);
            });
    return result(changed, unchanged, r);
  }

  /** The vars, secrets masked: what {@code berth config list}, status and plans may show. */
  public List<ConfigEntry> list(EnvironmentKey env) {
    return store.read(tx -> tx.config().list(env)).stream()
        .map(
            r ->
                new ConfigEntry(r.name(), r.secret(), r.secret() ? null : r.value(), r.updatedAt()))
        .toList();
  }

  /** The names of the environment's secrets: what a plan masks. */
  public java.util.Set<String> secretNames(EnvironmentKey env) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    list(env).stream().filter(ConfigEntry::secret).forEach(e -> out.add(e.name()));
    return out;
  }

  /**
   * The vars with secrets in plain text, recorded in the audit log (who, which environment, which
   * names; never the values). The caller checks that {@code actor} may.
   */
  public List<ConfigEntry> reveal(Actor actor, EnvironmentKey env) {
    List<ConfigRecord> rows = store.read(tx -> tx.config().list(env));
    Map<String, String> plain = variables.decrypt(rows);
    List<String> secrets =
        rows.stream().filter(ConfigRecord::secret).map(ConfigRecord::name).toList();
    store.write(
        tx ->
            tx.audit()
                .append(
                    AuditEntry.of(
                        clock.instant(),
                        actor.display(),
                        "config-reveal",
                        env,
                        "revealed "
                            + (secrets.isEmpty()
                                ? "no secrets"
                                : "secrets " + String.join(", ", secrets)))));
    return rows.stream()
        .map(r -> new ConfigEntry(r.name(), r.secret(), plain.get(r.name()), r.updatedAt()))
        .toList();
  }

  /**
   * Re-wraps every secret's data key under a new master key: the keyset with the old and the new
   * key is saved first (every row readable whatever happens next), then all rows are re-wrapped in
   * one transaction, then the keyset without the old key is saved. Refuses, changing nothing, when
   * a stored secret does not open with the current key.
   *
   * @return how many secrets were re-wrapped
   */
  public KeyRotation rotateKey(Actor actor) {
    keyLock.lock();
    try {
      List<ConfigRecord> secrets = store.read(tx -> tx.config().secrets());
      MasterKey current = keyring.forWriting(secrets);
      for (ConfigRecord r : secrets) {
        SecretCipher.open(r, current); // every row opens, or nothing is changed
      }
      MasterKey both = current.withNewPrimary();
      keyring.replace(both);
      int n =
          store.write(
              tx -> {
                int count = 0;
                for (ConfigRecord r : tx.config().secrets()) {
                  tx.config().put(SecretCipher.rewrap(r, both, both));
                  count++;
                }
                tx.audit()
                    .append(
                        new AuditEntry(
                            0,
                            clock.instant(),
                            actor.display(),
                            "config-rotate-key",
                            "",
                            "",
                            count
                                + " secret(s) re-wrapped under master key id "
                                + Integer.toUnsignedString(both.primaryId())));
                return count;
              });
      MasterKey fresh = both.primaryOnly();
      keyring.replace(fresh);
      return new KeyRotation(
          n,
          Integer.toUnsignedString(current.primaryId()),
          Integer.toUnsignedString(fresh.primaryId()),
          keyring.where());
    } finally {
      keyLock.unlock();
    }
  }

  /**
   * What a rotation did.
   *
   * @param secrets how many secrets were re-wrapped
   * @param oldKeyId the retired master key's id
   * @param newKeyId the new master key's id
   * @param where where the key is kept
   */
  public record KeyRotation(int secrets, String oldKeyId, String newKeyId, String where) {}

  private String plain(ConfigRecord r) {
    return r.secret() ? SecretCipher.open(r, keyring.forReading(List.of(r))) : r.value();
  }

  private static void limit(StoreTx tx, EnvironmentKey env) {
    int n = tx.config().list(env).size();
    if (n > ConfigNames.MAX_VARS) {
      throw new dev.berth.engine.app.AppException(
          dev.berth.engine.app.AppException.Kind.INVALID,
          "invalid_config",
          env + " would have " + n + " config vars; at most " + ConfigNames.MAX_VARS);
    }
  }

  /** The event and audit entry of a change (names, never values); whether anything changed. */
  private static boolean record(
      StoreTx tx,
      EnvironmentKey env,
      Actor actor,
      String action,
      String verb,
      List<String> changed,
      boolean secret,
      Instant now,
      List<Event> events) {
    if (changed.isEmpty()) {
      return false;
    }
    String summary = verb + " " + String.join(", ", changed) + (secret ? " (secret)" : "");
    events.add(tx.events().append(Event.of(now, env, "ConfigChanged", summary)));
    tx.audit().append(AuditEntry.of(now, actor.display(), action, env, summary));
    return true;
  }

  private static ConfigChange result(
      List<String> changed, List<String> unchanged, Optional<ApplyResult> r) {
    return new ConfigChange(
        List.copyOf(changed),
        List.copyOf(unchanged),
        r.filter(ApplyResult::changed).map(ApplyResult::release).orElse(""),
        r.map(ApplyResult::changes).orElse(List.of()));
  }
}
