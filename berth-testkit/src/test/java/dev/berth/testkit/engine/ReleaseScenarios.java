package dev.berth.testkit.engine;

import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the release scenarios share: a harness on a manual clock and the fake runtime, the {@code
 * shop/production} environment with a two-replica web service and a worker ({@link #V1}, {@link
 * #V2}), and reads of its releases, services, replicas and audit log.
 */
abstract class ReleaseScenarios {
  static final String V1 =
      """
      project: shop
      services:
        web:
          type: web
          command: ./web v1
          replicas: 2
        worker:
          type: worker
          command: ./worker
      """;
  static final String V2 = V1.replace("./web v1", "./web v2");

  @TempDir Path app;
  MutableClock clock;
  FakeRuntime runtime;
  EngineHarness h;
  final EnvironmentKey env = new EnvironmentKey("shop", "production");

  @BeforeEach
  void startHarness() {
    clock = MutableClock.atEpoch2026();
    runtime = new FakeRuntime(clock);
    h = new EngineHarness(clock, new InMemoryStore(), runtime);
  }

  ReleaseRecord release(long version) {
    return h.store.read(tx -> tx.releases().get(env, version)).orElseThrow();
  }

  ReleaseStatus status(long version) {
    return release(version).status();
  }

  List<ReleaseRecord> releases() {
    return h.store.read(tx -> tx.releases().list(env, 0));
  }

  ServiceRecord service(String name) {
    return h.store.read(tx -> tx.services().get(env.service(name))).orElseThrow();
  }

  List<ReplicaRecord> replicas(String service) {
    return h.store.read(tx -> tx.replicas().list(env.service(service)));
  }

  List<AuditEntry> audit() {
    return h.store.read(tx -> tx.audit().list(null, null, 0, 0));
  }

  /** Applies {@code yaml} and settles: every new replica ready, every stop finished. */
  void deploy(String yaml) {
    h.apply(yaml, app, "production");
    h.readyAll();
    h.finishStops();
  }
}
