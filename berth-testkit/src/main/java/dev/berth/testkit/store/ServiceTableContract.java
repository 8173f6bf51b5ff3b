package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.cronSpec;
import static dev.berth.testkit.store.StoreSamples.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.ServiceTable}: spec round trip, first-insertion order,
 * put-replaces, and the environment a service needs.
 */
public interface ServiceTableContract extends StoreFixture {

  @Test
  default void servicePutThenGetReturnsAnEqualRecordWithItsSpec() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);
    ServiceRecord web = service(prod.service("web"));
    ServiceRecord cron =
        new ServiceRecord(
            prod.service("nightly"), cronSpec("nightly"), "h2", "v7", 0, 0, true, at(3));
    inWrite(
        tx -> {
          tx.services().put(web);
          tx.services().put(cron);
        });

    assertThat(store().read((StoreTx tx) -> tx.services().get(web.key()))).contains(web);
    ServiceRecord gotCron =
        store().read((StoreTx tx) -> tx.services().get(cron.key())).orElseThrow();
    assertThat(gotCron).isEqualTo(cron);
    assertThat(gotCron.stopped()).isTrue();
    assertThat(gotCron.spec().cron()).isEqualTo(cron.spec().cron());
  }

  @Test
  default void serviceSpecKeepsTheOrderOfItsEnvironmentVariables() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);
    ServiceRecord web = service(prod.service("web"));
    inWrite(tx -> tx.services().put(web));

    ServiceRecord got = store().read((StoreTx tx) -> tx.services().get(web.key())).orElseThrow();
    assertThat(got.spec().env().keySet())
        .containsExactlyElementsOf(web.spec().env().keySet())
        .containsExactly("LOG_LEVEL", "GREETING", "A_FIRST_IN_ALPHABET_LAST_IN_SPEC");
  }

  @Test
  default void servicesAreListedInTheOrderTheyWereFirstStored() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);
    inWrite(
        tx -> {
          tx.services().put(service(prod.service("web")));
          tx.services().put(service(prod.service("a-worker")));
        });
    inWrite(tx -> tx.services().put(service(prod.service("cron"))));

    assertThat(names(prod)).containsExactly("web", "a-worker", "cron");
  }

  @Test
  default void servicePutReplacesTheRecordAndKeepsItsPlace() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);
    inWrite(
        tx -> {
          tx.services().put(service(prod.service("web")));
          tx.services().put(service(prod.service("worker")));
        });
    ServiceRecord scaled =
        service(prod.service("web")).withReplicas(9, at(77)).withStopped(true, at(78));
    inWrite(tx -> tx.services().put(scaled));

    List<ServiceRecord> listed = store().read((StoreTx tx) -> tx.services().list(prod));
    assertThat(listed).extracting(s -> s.key().service()).containsExactly("web", "worker");
    assertThat(listed.get(0)).isEqualTo(scaled);
    assertThat(listed.get(0).desiredReplicas()).isZero();
  }

  @Test
  default void aDeletedServiceStoredAgainGoesLast() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);
    inWrite(
        tx -> {
          tx.services().put(service(prod.service("web")));
          tx.services().put(service(prod.service("worker")));
        });

    inWrite(tx -> tx.services().delete(prod.service("web")));
    assertThat(store().read((StoreTx tx) -> tx.services().get(prod.service("web")))).isEmpty();
    assertThat(names(prod)).containsExactly("worker");

    inWrite(tx -> tx.services().put(service(prod.service("web"))));
    assertThat(names(prod)).containsExactly("worker", "web");
  }

  @Test
  default void servicesAreListedPerEnvironment() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    EnvironmentKey staging = new EnvironmentKey("lms", "staging");
    EnvironmentKey otherProject = new EnvironmentKey("shop", "production");
    seedEnvironments(prod, staging, otherProject);
    inWrite(
        tx -> {
          tx.services().put(service(staging.service("web")));
          tx.services().put(service(prod.service("web")));
          tx.services().put(service(otherProject.service("api")));
        });

    assertThat(names(prod)).containsExactly("web");
    assertThat(names(otherProject)).containsExactly("api");
    assertThat(names(new EnvironmentKey("lms", "unknown"))).isEmpty();
    assertThat(store().read((StoreTx tx) -> tx.services().get(prod.service("api")))).isEmpty();
  }

  @Test
  default void deletingAnUnknownServiceChangesNothing() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);
    inWrite(tx -> tx.services().put(service(prod.service("web"))));

    inWrite(tx -> tx.services().delete(prod.service("nope")));
    inWrite(tx -> tx.services().delete(new ServiceKey("nope", "nope", "web")));

    assertThat(names(prod)).containsExactly("web");
  }

  @Test
  default void aServiceNeedsItsEnvironmentAndAFailedPutKeepsNothing() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);

    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> {
                      tx.services().put(service(prod.service("web")));
                      tx.services().put(service(new ServiceKey("lms", "missing", "web")));
                    }))
        .isInstanceOf(RuntimeException.class);

    assertThat(names(prod)).isEmpty();
    assertThat(names(new EnvironmentKey("lms", "missing"))).isEmpty();
  }

  private List<String> names(EnvironmentKey env) {
    return store().read((StoreTx tx) -> tx.services().list(env)).stream()
        .map(s -> s.key().service())
        .toList();
  }
}
