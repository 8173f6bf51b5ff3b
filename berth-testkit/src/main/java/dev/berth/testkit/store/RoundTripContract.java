package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.runningReplica;
import static dev.berth.testkit.store.StoreSamples.service;
import static dev.berth.testkit.store.StoreSamples.webSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.model.Target;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.ReplicaRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import dev.berth.engine.store.TokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every field comes back as it went in: nulls, empty strings, extreme numbers, any Unicode text,
 * megabyte-sized texts. Instants are the one documented exception: every store keeps milliseconds
 * and truncates (towards the past) on write, so what comes back is {@code
 * instant.truncatedTo(MILLIS)}, and a millisecond instant round-trips exactly.
 */
public interface RoundTripContract extends StoreFixture {
  String MIXED_TEXT =
      "Grüße, 日本語, עברית, Ελληνικά, emoji \uD83D\uDE80\uD83C\uDDEB\uD83C\uDDF7, e\u0301, "
          + "quotes ' \" ` and \\ backslash, tab\tnewline\n%_ wildcards";

  @Test
  default void instantsAreTruncatedToTheMillisecond() {
    Instant precise = Instant.parse("2026-03-04T05:06:07.123456789Z");
    Instant millis = Instant.parse("2026-03-04T05:06:07.123Z");
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    ServiceKey web = key.service("web");
    Event[] event = new Event[1];
    TokenRecord[] token = new TokenRecord[1];
    inWrite(
        tx -> {
          tx.environments()
              .put(new EnvironmentRecord(key, Target.LOCAL, "f", "y", null, "/d", 1, precise));
          tx.services().put(service(web).withReplicas(1, precise));
          ReplicaRecord r = runningReplica("r1", web, precise);
          tx.replicas()
              .put(
                  new ReplicaRecord(
                      r.id(),
                      r.key(),
                      r.templateHash(),
                      r.cpuMillis(),
                      r.memoryBytes(),
                      r.state(),
                      r.ready(),
                      r.restarts(),
                      r.incarnation(),
                      r.node(),
                      precise,
                      r.reason(),
                      r.message(),
                      r.stopRequested(),
                      precise,
                      precise,
                      precise));
          event[0] = tx.events().append(new Event(0, precise, "lms", "", "", "", "T", ""));
          token[0] = tx.tokens().add("admin", "ab".repeat(32), precise);
        });

    assertThat(event[0].at()).isEqualTo(millis);
    assertThat(token[0].createdAt()).isEqualTo(millis);
    store()
        .read(
            (StoreTx tx) -> {
              assertThat(tx.environments().get(key).orElseThrow().appliedAt()).isEqualTo(millis);
              assertThat(tx.services().get(web).orElseThrow().updatedAt()).isEqualTo(millis);
              ReplicaRecord r = tx.replicas().get("r1").orElseThrow();
              assertThat(List.of(r.startedAt(), r.createdAt(), r.updatedAt())).containsOnly(millis);
              assertThat(tx.events().list(new EventQuery(null, null, null, 0, 0)).get(0).at())
                  .isEqualTo(millis);
              assertThat(tx.tokens().list().get(0).createdAt()).isEqualTo(millis);
              return null;
            });
  }

  @Test
  default void instantsFarFromTodayRoundTrip() {
    List<Instant> instants =
        List.of(
            Instant.parse("1969-12-31T23:59:59.999Z"),
            Instant.parse("1900-01-01T00:00:00.001Z"),
            Instant.EPOCH,
            Instant.parse("2999-12-31T23:59:59.999Z"));
    for (int i = 0; i < instants.size(); i++) {
      Instant t = instants.get(i);
      String id = "r" + i;
      inWrite(tx -> tx.replicas().put(runningReplica(id, new ServiceKey("p", "e", "s"), t)));
      assertThat(store().read((StoreTx tx) -> tx.replicas().get(id)).orElseThrow().createdAt())
          .isEqualTo(t);
    }
    Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999Z");
    Event e =
        store()
            .write(
                (StoreTx tx) ->
                    tx.events().append(new Event(0, beforeEpoch, "", "", "", "", "T", "")));
    assertThat(e.at()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
  }

  @Test
  default void anyUnicodeTextRoundTrips() {
    EnvironmentKey key = new EnvironmentKey("prøject-\uD83D\uDE80", "prod-日本");
    ServiceKey svc = key.service("wéb-ß");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MESSAGE", MIXED_TEXT);
    env.put("ÜNICODE_KEY", "{\"json\": [1, 2]}");
    env.put("", "empty key");
    ServiceSpec spec =
        new ServiceSpec(
            svc.service(),
            ServiceType.WORKER,
            "echo '" + MIXED_TEXT + "'",
            0,
            1,
            Resources.DEFAULT,
            env,
            HealthCheck.of(HealthCheck.Kind.EXEC, "test -f /tmp/ready && echo ✓"),
            null);
    EnvironmentRecord envRecord =
        new EnvironmentRecord(
            key, Target.LOCAL, "bérth.yaml", MIXED_TEXT, MIXED_TEXT, "/srv/ünï", 3, at(1));
    ServiceRecord serviceRecord =
        new ServiceRecord(svc, spec, "hash-✓", "v1-ünï", 1, 1, false, at(2));
    ReplicaRecord replica =
        new ReplicaRecord(
            "replica-\uD83D\uDE00",
            svc,
            "hash-✓",
            1500L,
            3L << 30,
            ReplicaState.BACKOFF,
            false,
            1,
            new Incarnation(1, 2, 3),
            "nœud",
            at(3),
            "CrashLoopBackOff",
            MIXED_TEXT,
            false,
            at(3),
            at(4),
            null);
    Event event =
        new Event(
            0,
            at(5),
            key.project(),
            key.environment(),
            svc.service(),
            replica.id(),
            "Crashed",
            MIXED_TEXT);
    Event[] stored = new Event[1];
    TokenRecord[] token = new TokenRecord[1];
    inWrite(
        tx -> {
          tx.environments().put(envRecord);
          tx.services().put(serviceRecord);
          tx.replicas().put(replica);
          stored[0] = tx.events().append(event);
          token[0] = tx.tokens().add("jeton-\uD83D\uDD11", "12".repeat(32), at(6));
        });

    store()
        .read(
            (StoreTx tx) -> {
              assertThat(tx.environments().get(key)).contains(envRecord);
              assertThat(tx.services().list(key)).containsExactly(serviceRecord);
              assertThat(tx.replicas().list(svc)).containsExactly(replica);
              assertThat(
                      tx.events()
                          .list(
                              new EventQuery(
                                  key.project(), key.environment(), svc.service(), 0, 0)))
                  .containsExactly(stored[0]);
              assertThat(tx.tokens().list()).containsExactly(token[0]);
              return null;
            });
  }

  @Test
  default void megabyteSizedTextsRoundTrip() {
    String mib = bigText(1 << 20);
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    EnvironmentRecord big =
        new EnvironmentRecord(key, Target.LOCAL, "berth.yaml", mib, mib, "/srv", 1, at(1));
    Map<String, String> env = new LinkedHashMap<>(webSpec("web").env());
    env.put("BIG", mib);
    ServiceSpec spec = webSpec("web");
    ServiceRecord bigService =
        new ServiceRecord(
            key.service("web"),
            new ServiceSpec(
                spec.name(),
                spec.type(),
                mib,
                spec.port(),
                spec.replicas(),
                spec.resources(),
                env,
                spec.health(),
                spec.cron()),
            "h",
            "v1",
            3,
            3,
            false,
            at(2));
    Event[] event = new Event[1];
    inWrite(
        tx -> {
          tx.environments().put(big);
          tx.services().put(bigService);
          event[0] = tx.events().append(new Event(0, at(3), "lms", "", "", "", "Big", mib));
        });

    assertThat(store().read((StoreTx tx) -> tx.environments().get(key))).contains(big);
    assertThat(store().read((StoreTx tx) -> tx.services().get(bigService.key())))
        .contains(bigService);
    assertThat(
            store().read((StoreTx tx) -> tx.events().list(new EventQuery(null, null, null, 0, 0))))
        .containsExactly(event[0]);
  }

  @Test
  default void emptyStringsStayEmptyAndNullsStayNull() {
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    EnvironmentRecord emptyProcfile =
        new EnvironmentRecord(key, Target.LOCAL, "", "", "", "", 0, at(1));
    inWrite(tx -> tx.environments().put(emptyProcfile));

    EnvironmentRecord got = store().read((StoreTx tx) -> tx.environments().get(key)).orElseThrow();
    assertThat(got.procfile()).isEmpty();
    assertThat(got).isEqualTo(emptyProcfile);
  }

  @Test
  default void extremeNumbersRoundTrip() {
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    EnvironmentRecord env =
        new EnvironmentRecord(key, Target.KUBERNETES, "f", "y", null, "/d", Long.MAX_VALUE, at(1));
    ServiceSpec base = webSpec("web");
    ServiceSpec spec =
        new ServiceSpec(
            "web",
            ServiceType.WEB,
            "c",
            65535,
            Integer.MAX_VALUE,
            new Resources(Long.MAX_VALUE, Long.MAX_VALUE, 0, Long.MAX_VALUE),
            base.env(),
            new HealthCheck(
                HealthCheck.Kind.TCP,
                "",
                Duration.ofSeconds(Long.MAX_VALUE / 2),
                Duration.ZERO,
                Integer.MAX_VALUE,
                Duration.ofNanos(1),
                Duration.ofDays(365),
                false),
            null);
    ServiceRecord svc =
        new ServiceRecord(key.service("web"), spec, "h", "", Integer.MAX_VALUE, 0, true, at(2));
    ReplicaRecord r = runningReplica("r", key.service("web"), at(3));
    ReplicaRecord extreme =
        new ReplicaRecord(
            r.id(),
            r.key(),
            r.templateHash(),
            r.cpuMillis(),
            r.memoryBytes(),
            ReplicaState.TERMINATED,
            false,
            Integer.MAX_VALUE,
            new Incarnation(Long.MAX_VALUE, Long.MIN_VALUE, 65535),
            r.node(),
            null,
            "",
            "",
            false,
            r.createdAt(),
            r.updatedAt(),
            r.readySince());
    inWrite(
        tx -> {
          tx.environments().put(env);
          tx.services().put(svc);
          tx.replicas().put(extreme);
        });

    assertThat(store().read((StoreTx tx) -> tx.environments().get(key))).contains(env);
    assertThat(store().read((StoreTx tx) -> tx.services().get(svc.key()))).contains(svc);
    assertThat(store().read((StoreTx tx) -> tx.replicas().get("r"))).contains(extreme);
  }

  private static String bigText(int chars) {
    StringBuilder sb = new StringBuilder(chars);
    String line = "  - command: echo 'ligne très longue ✓ \uD83D\uDE80'\n";
    while (sb.length() + line.length() <= chars) {
      sb.append(line);
    }
    while (sb.length() < chars) {
      sb.append('x');
    }
    return sb.toString();
  }
}
