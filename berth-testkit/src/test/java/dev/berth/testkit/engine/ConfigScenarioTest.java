package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.decide.TemplateHash;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ConfigRelease;
import dev.berth.engine.app.Wake;
import dev.berth.engine.config.ConfigChange;
import dev.berth.engine.config.ConfigEntry;
import dev.berth.engine.config.ConfigService;
import dev.berth.engine.config.MasterKey;
import dev.berth.engine.config.Redactor;
import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.config.MemoryMasterKeyStore;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth config}: a change is a release that rolls every service (as Heroku's config vars),
 * secrets are stored encrypted and shown nowhere, rotation re-wraps everything, and a missing or
 * wrong master key decrypts nothing and overwrites nothing.
 */
class ConfigScenarioTest {
  static final String SECRET = "hunter2-prod-password";

  @TempDir Path app;
  EngineHarness h;
  MemoryMasterKeyStore keys;
  ConfigService config;
  final EnvironmentKey env = new EnvironmentKey("shop", "production");

  @BeforeEach
  void setUp() {
    MutableClock clock = MutableClock.atEpoch2026();
    h = new EngineHarness(clock, new InMemoryStore(), new FakeRuntime(clock));
    keys = new MemoryMasterKeyStore();
    config = service(keys);
  }

  ConfigService service(MemoryMasterKeyStore k) {
    Wake wake = Wake.of(h.queue::add, h.releaseQueue::add);
    return new ConfigService(
        h.store,
        k,
        new ConfigRelease(h.apply, h.store, h.bus, wake, h.clock),
        h.clock,
        new Redactor());
  }

  ReleaseRecord release(long v) {
    return h.store.read(tx -> tx.releases().get(env, v)).orElseThrow();
  }

  Map<String, String> hashes() {
    Map<String, String> out = new java.util.TreeMap<>();
    h.store
        .read(tx -> tx.services().list(env))
        .forEach(s -> out.put(s.key().service(), s.templateHash()));
    return out;
  }

  List<ServiceRecord> services() {
    return h.store.read(tx -> tx.services().list(env));
  }

  List<dev.berth.engine.store.AuditEntry> audit() {
    return h.store.read(tx -> tx.audit().list(null, null, 0, 10_000));
  }

  List<dev.berth.engine.store.Event> events() {
    return h.store.read(
        tx -> tx.events().list(new dev.berth.engine.store.EventQuery(null, null, null, 0, 10_000)));
  }

  long latest() {
    return h.store.read(tx -> tx.releases().latestVersion(env));
  }

  List<ConfigRecord> rows() {
    return h.store.read(tx -> tx.config().list(env));
  }

  void liveV1() {
    h.apply(ReleaseScenarios.V1, app, "production");
    h.readyAll();
    assertThat(release(1).status()).isEqualTo(ReleaseStatus.LIVE);
  }

  @Test
  void settingAVarIsANewReleaseThatRollsEveryServiceAndGoesLive() {
    liveV1();
    Map<String, String> before = hashes();

    ConfigChange c = config.set(EngineHarness.ACTOR, env, Map.of("LOG_LEVEL", "debug"), false);

    assertThat(c.changed()).containsExactly("LOG_LEVEL");
    assertThat(c.release()).isEqualTo("v2");
    ReleaseRecord v2 = release(2);
    assertThat(v2.source().kind()).isEqualTo(ReleaseSource.Kind.CONFIG);
    assertThat(v2.source().fromVersion()).isEqualTo(1);
    assertThat(v2.message()).isEqualTo("config: set LOG_LEVEL");
    assertThat(hashes()).allSatisfy((s, hash) -> assertThat(hash).isNotEqualTo(before.get(s)));
    assertThat(services()).extracting(ServiceRecord::release).containsOnly("v2");
    h.readyAll();
    assertThat(release(2).status()).isEqualTo(ReleaseStatus.LIVE);
    assertThat(audit())
        .extracting(e -> e.action() + ": " + e.summary())
        .contains("config-set: set LOG_LEVEL")
        .anyMatch(s -> s.startsWith("config: v2"));
  }

  @Test
  void settingTheSameValueAgainOrUnsettingAnAbsentVarMakesNoRelease() {
    liveV1();
    config.set(EngineHarness.ACTOR, env, Map.of("LOG_LEVEL", "debug"), false);

    ConfigChange again = config.set(EngineHarness.ACTOR, env, Map.of("LOG_LEVEL", "debug"), false);
    assertThat(again.release()).isEmpty();
    assertThat(again.unchanged()).containsExactly("LOG_LEVEL");

    ConfigChange unset = config.unset(EngineHarness.ACTOR, env, List.of("LOG_LEVEL", "NOPE"));
    assertThat(unset.changed()).containsExactly("LOG_LEVEL");
    assertThat(unset.unchanged()).containsExactly("NOPE");
    assertThat(unset.release()).isEqualTo("v3");
    assertThat(release(3).message()).isEqualTo("config: unset LOG_LEVEL, NOPE");

    assertThat(config.unset(EngineHarness.ACTOR, env, List.of("LOG_LEVEL")).release()).isEmpty();
    assertThat(latest()).isEqualTo(3);
  }

  @Test
  void copyGivesAnotherEnvironmentTheSameVarsWithSecretsSealedAgainForIt() {
    config.set(EngineHarness.ACTOR, env, Map.of("LOG_LEVEL", "debug"), false);
    config.set(EngineHarness.ACTOR, env, Map.of("DB_PASSWORD", "hunter2-long"), true);
    EnvironmentKey preview = new EnvironmentKey("shop", "preview-7");

    config.copy(EngineHarness.ACTOR, env, preview);

    assertThat(config.variables().of(preview))
        .containsOnly(Map.entry("LOG_LEVEL", "debug"), Map.entry("DB_PASSWORD", "hunter2-long"));
    assertThat(config.secretNames(preview)).containsExactly("DB_PASSWORD");
    var sealed =
        h.store
            .read((dev.berth.engine.store.StoreTx tx) -> tx.config().get(preview, "DB_PASSWORD"))
            .orElseThrow();
    var original =
        h.store
            .read((dev.berth.engine.store.StoreTx tx) -> tx.config().get(env, "DB_PASSWORD"))
            .orElseThrow();
    assertThat(sealed.value()).isNotEqualTo(original.value()).doesNotContain("hunter2");
  }

  @Test
  void configSetBeforeTheFirstApplyIsUsedByIt() {
    ConfigChange c = config.set(EngineHarness.ACTOR, env, Map.of("A", "1"), false);
    assertThat(c.release()).isEmpty();
    assertThat(c.changed()).containsExactly("A");

    h.apply(ReleaseScenarios.V1, app, "production");

    ServiceRecord web = services().get(0);
    assertThat(web.templateHash()).isNotEqualTo(TemplateHash.of(web.spec(), app.toString()));
    assertThat(config.variables().of(env)).containsExactly(Map.entry("A", "1"));
  }

  @Test
  void aSecretIsStoredEncryptedMaskedInListsAndAbsentFromEventsAuditAndReleases() {
    liveV1();
    config.set(EngineHarness.ACTOR, env, Map.of("DB_PASSWORD", SECRET), true);

    assertThat(rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.secret()).isTrue();
              assertThat(r.value()).doesNotContain(SECRET);
            });
    assertThat(config.list(env))
        .containsExactly(new ConfigEntry("DB_PASSWORD", true, null, rows().get(0).updatedAt()));
    assertThat(config.secretNames(env)).containsExactly("DB_PASSWORD");
    assertThat(events())
        .allSatisfy(e -> assertThat(e.message()).doesNotContain(SECRET))
        .anySatisfy(e -> assertThat(e.message()).isEqualTo("set DB_PASSWORD (secret)"));
    assertThat(audit()).allSatisfy(e -> assertThat(e.summary()).doesNotContain(SECRET));
    assertThat(release(2).toString()).doesNotContain(SECRET);

    assertThat(config.variables().of(env)).containsEntry("DB_PASSWORD", SECRET);
    assertThat(config.reveal(EngineHarness.ACTOR, env))
        .extracting(ConfigEntry::value)
        .containsExactly(SECRET);
    assertThat(audit())
        .last()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("config-reveal");
              assertThat(e.summary())
                  .isEqualTo("revealed secrets DB_PASSWORD")
                  .doesNotContain(SECRET);
            });
  }

  @Test
  void aSecretStaysSecretWhenSetAgainWithoutTheFlag() {
    config.set(EngineHarness.ACTOR, env, Map.of("TOKEN", "first-token"), true);
    config.set(EngineHarness.ACTOR, env, Map.of("TOKEN", "second-token"), false);
    assertThat(rows()).singleElement().satisfies(r -> assertThat(r.secret()).isTrue());
    assertThat(config.variables().of(env)).containsEntry("TOKEN", "second-token");
  }

  @Test
  void rotationRewrapsEverySecretUnderANewKeyAndRollsNothing() {
    liveV1();
    config.set(
        EngineHarness.ACTOR, env, Map.of("A_SECRET", "aaaa-1111", "B_SECRET", "bbbb-2222"), true);
    config.set(
        EngineHarness.ACTOR, new EnvironmentKey("shop", "staging"), Map.of("S", "ssss-3333"), true);
    MasterKey old = keys.key();
    List<ConfigRecord> before = rows();
    Map<String, String> hashes = hashes();
    long releases = latest();

    ConfigService.KeyRotation r = config.rotateKey(EngineHarness.ACTOR);

    assertThat(r.secrets()).isEqualTo(3);
    assertThat(keys.saves()).hasSize(3); // created, old+new, new alone
    assertThat(keys.saves().get(1).ids()).hasSize(2);
    assertThat(keys.key().ids()).containsExactly(keys.saves().get(1).primaryId());
    assertThat(keys.key().ids()).doesNotContain(old.primaryId());
    List<ConfigRecord> after = rows();
    for (int i = 0; i < after.size(); i++) {
      assertThat(after.get(i).value()).isEqualTo(before.get(i).value());
      assertThat(after.get(i).wrappedKey()).isNotEqualTo(before.get(i).wrappedKey());
    }
    // a control plane started afresh with the new key reads them; the old key reads nothing
    assertThat(service(MemoryMasterKeyStore.holding(keys.key())).variables().of(env))
        .containsEntry("A_SECRET", "aaaa-1111")
        .containsEntry("B_SECRET", "bbbb-2222");
    assertThatThrownBy(() -> service(MemoryMasterKeyStore.holding(old)).variables().of(env))
        .isInstanceOf(AppException.class);
    assertThat(hashes()).isEqualTo(hashes);
    assertThat(latest()).isEqualTo(releases);
    assertThat(audit())
        .last()
        .satisfies(e -> assertThat(e.action()).isEqualTo("config-rotate-key"));
  }

  @Test
  void aMissingMasterKeyDecryptsNothingAndOverwritesNothing() {
    config.set(EngineHarness.ACTOR, env, Map.of("DB_PASSWORD", SECRET), true);
    List<ConfigRecord> stored = rows();
    MemoryMasterKeyStore lost = new MemoryMasterKeyStore();
    ConfigService restarted = service(lost);

    assertThatThrownBy(() -> restarted.variables().of(env))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("is missing but 1 secret(s) are stored");
    assertThatThrownBy(
            () -> restarted.set(EngineHarness.ACTOR, env, Map.of("OTHER", "x-secret"), true))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(
            () -> restarted.set(EngineHarness.ACTOR, env, Map.of("DB_PASSWORD", "new-one"), false))
        .isInstanceOf(AppException.class);
    assertThatThrownBy(() -> restarted.rotateKey(EngineHarness.ACTOR))
        .isInstanceOf(AppException.class);
    assertThatThrownBy(() -> restarted.reveal(EngineHarness.ACTOR, env))
        .isInstanceOf(AppException.class);

    assertThat(lost.saves()).as("no new key made").isEmpty();
    assertThat(rows()).isEqualTo(stored);
    assertThat(restarted.list(env)).extracting(ConfigEntry::name).containsExactly("DB_PASSWORD");
  }

  @Test
  void aWrongMasterKeyDecryptsNothingAndOverwritesNothing() {
    config.set(EngineHarness.ACTOR, env, Map.of("DB_PASSWORD", SECRET), true);
    List<ConfigRecord> stored = rows();
    MemoryMasterKeyStore wrong = MemoryMasterKeyStore.holding(MasterKey.generate());
    MasterKey wrongKey = wrong.key();
    ConfigService restarted = service(wrong);

    assertThatThrownBy(() -> restarted.variables().of(env))
        .isInstanceOf(AppException.class)
        .hasMessageContaining("not the one");
    assertThatThrownBy(
            () -> restarted.set(EngineHarness.ACTOR, env, Map.of("NEW", "new-secret"), true))
        .isInstanceOf(AppException.class);
    assertThatThrownBy(() -> restarted.rotateKey(EngineHarness.ACTOR))
        .isInstanceOf(AppException.class);

    assertThat(wrong.saves()).isEmpty();
    assertThat(wrong.key()).isSameAs(wrongKey);
    assertThat(rows()).isEqualTo(stored);
  }

  @Test
  void aKeySuppliedFromOutsideIsNeverRewrittenByARotation() {
    config.set(EngineHarness.ACTOR, env, Map.of("DB_PASSWORD", SECRET), true);
    List<ConfigRecord> stored = rows();
    ConfigService fromEnv = service(MemoryMasterKeyStore.readOnly(keys.key()));

    assertThatThrownBy(() -> fromEnv.rotateKey(EngineHarness.ACTOR))
        .isInstanceOf(AppException.class);
    assertThat(rows()).isEqualTo(stored);
    assertThat(fromEnv.variables().of(env)).containsEntry("DB_PASSWORD", SECRET);
  }
}
