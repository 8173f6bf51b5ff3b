package dev.berth.testkit.store;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.model.Target;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready-made records for store tests: every field set to a value that differs from its default, so
 * a store that drops or confuses a column fails an {@code equals} check.
 *
 * <p>Every {@link Instant} here has millisecond precision, the precision every store keeps.
 */
public final class StoreSamples {
  /** 2026-01-01T00:00:00Z, the base of every sample time. */
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private StoreSamples() {}

  /** {@link #T0} plus {@code millis} milliseconds. */
  public static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  /** An applied environment with a Procfile. */
  public static EnvironmentRecord environment(EnvironmentKey key) {
    return new EnvironmentRecord(
        key,
        Target.LOCAL,
        "berth.yaml",
        "project: " + key.project() + "\nservices:\n  web:\n    command: java Web.java\n",
        "web: java Web.java\nworker: java Worker.java\n",
        "/srv/apps/" + key.project(),
        1,
        at(1));
  }

  /** A web service spec with every optional part filled in. */
  public static ServiceSpec webSpec(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LOG_LEVEL", "info");
    env.put("GREETING", "héllo wörld ✓");
    env.put("A_FIRST_IN_ALPHABET_LAST_IN_SPEC", "1");
    return new ServiceSpec(
        name,
        ServiceType.WEB,
        "java -Dx='a b' Web.java",
        8081,
        3,
        new Resources(250, 256L * 1024 * 1024, 500, 512L * 1024 * 1024),
        env,
        new HealthCheck(
            HealthCheck.Kind.HTTP,
            "/health?deep=1",
            Duration.ofMillis(1500),
            Duration.ofNanos(123_456_789),
            4,
            Duration.ofSeconds(3),
            Duration.ofMinutes(2),
            true),
        null);
  }

  /** A cron service spec (schedule, zone and concurrency policy set). */
  public static ServiceSpec cronSpec(String name) {
    return new ServiceSpec(
        name,
        ServiceType.CRON,
        "java Report.java",
        0,
        0,
        Resources.DEFAULT,
        Map.of(),
        HealthCheck.defaultFor(ServiceType.CRON),
        new CronSchedule("0 2 * * *", "Europe/Paris", CronSchedule.Concurrency.REPLACE));
  }

  /** The desired state of a web service, scaled away from its spec and not stopped. */
  public static ServiceRecord service(ServiceKey key) {
    return new ServiceRecord(
        key, webSpec(key.service()), "hash-" + key.service(), "v3", 3, 5, false, at(2));
  }

  /** A pending replica: no incarnation, no start time, empty node. */
  public static ReplicaRecord pendingReplica(String id, ServiceKey key, Instant createdAt) {
    return ReplicaRecord.pending(
        id, key, "hash-" + key.service(), dev.berth.core.model.Resources.DEFAULT, createdAt);
  }

  /**
   * A running replica with every field set to a non-default value, for round-trip tests: even
   * {@code stopRequested} is true (a running replica being stopped), so a store that drops the flag
   * fails the contract.
   */
  public static ReplicaRecord runningReplica(String id, ServiceKey key, Instant createdAt) {
    return new ReplicaRecord(
        id,
        key,
        "hash-" + key.service(),
        250L,
        256L << 20,
        ReplicaState.RUNNING,
        true,
        7,
        new Incarnation(4242, 987_654_321L, 40123),
        "local",
        createdAt.plusMillis(5),
        "Ready",
        "listening on 40123",
        true,
        createdAt,
        createdAt.plusMillis(9),
        createdAt.plusMillis(7));
  }
}
