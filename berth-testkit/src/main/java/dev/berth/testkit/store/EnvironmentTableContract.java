package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.environment;
import static dev.berth.testkit.store.StoreSamples.pendingReplica;
import static dev.berth.testkit.store.StoreSamples.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.Target;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link dev.berth.engine.store.EnvironmentTable}: get, list order, put-replaces, cascade. */
public interface EnvironmentTableContract extends StoreFixture {

  @Test
  default void environmentPutThenGetReturnsAnEqualRecord() {
    EnvironmentRecord lms = environment(new EnvironmentKey("lms", "production"));
    inWrite(tx -> tx.environments().put(lms));

    assertThat(store().read((StoreTx tx) -> tx.environments().get(lms.key()))).contains(lms);
  }

  @Test
  default void theSourceDirectoryIsReadAloneAndEmptyForAnUnknownEnvironment() {
    EnvironmentRecord lms = environment(new EnvironmentKey("lms", "production"));
    inWrite(tx -> tx.environments().put(lms));

    assertThat(store().read((StoreTx tx) -> tx.environments().sourceDir(lms.key())))
        .contains(lms.sourceDir());
    assertThat(
            store()
                .read(
                    (StoreTx tx) ->
                        tx.environments().sourceDir(new EnvironmentKey("lms", "staging"))))
        .isEmpty();
  }

  @Test
  default void environmentGetOfAnUnknownKeyIsEmpty() {
    seedEnvironments(new EnvironmentKey("lms", "production"));

    assertThat(
            store()
                .read((StoreTx tx) -> tx.environments().get(new EnvironmentKey("lms", "staging"))))
        .isEmpty();
    assertThat(
            store()
                .read(
                    (StoreTx tx) ->
                        tx.environments().get(new EnvironmentKey("other", "production"))))
        .isEmpty();
  }

  @Test
  default void environmentWithoutProcfileKeepsNull() {
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    EnvironmentRecord r = withProcfile(environment(key), null);
    inWrite(tx -> tx.environments().put(r));

    EnvironmentRecord got = store().read((StoreTx tx) -> tx.environments().get(key)).orElseThrow();
    assertThat(got.procfile()).isNull();
    assertThat(got).isEqualTo(r);
  }

  @Test
  default void environmentPutReplacesEveryField() {
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    inWrite(tx -> tx.environments().put(environment(key)));
    EnvironmentRecord second =
        new EnvironmentRecord(
            key, Target.KUBERNETES, "other.yaml", "project: lms\n", null, "/elsewhere", 2, at(99));
    inWrite(tx -> tx.environments().put(second));

    assertThat(store().read((StoreTx tx) -> tx.environments().list())).containsExactly(second);
  }

  @Test
  default void environmentsAreListedByProjectThenEnvironmentInCodePointOrder() {
    // Code point order, as SQLite's BINARY and PostgreSQL's "C" collation sort UTF-8: upper case
    // before lower case, and U+FF5E before U+1F600 (which UTF-16 order would put the other way).
    List<EnvironmentKey> shuffled =
        List.of(
            new EnvironmentKey("b", "production"),
            new EnvironmentKey("a", "staging"),
            new EnvironmentKey("a", "\uD83D\uDE00"),
            new EnvironmentKey("a", "production"),
            new EnvironmentKey("B", "x"),
            new EnvironmentKey("a", "Production"),
            new EnvironmentKey("a", "\uFF5E"));
    seedEnvironments(shuffled.toArray(new EnvironmentKey[0]));

    List<EnvironmentKey> listed =
        store().read((StoreTx tx) -> tx.environments().list()).stream()
            .map(EnvironmentRecord::key)
            .toList();
    assertThat(listed)
        .containsExactly(
            new EnvironmentKey("B", "x"),
            new EnvironmentKey("a", "Production"),
            new EnvironmentKey("a", "production"),
            new EnvironmentKey("a", "staging"),
            new EnvironmentKey("a", "\uFF5E"),
            new EnvironmentKey("a", "\uD83D\uDE00"),
            new EnvironmentKey("b", "production"));
  }

  @Test
  default void deletingAnEnvironmentDeletesItsServicesButNotOthersNorReplicas() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    EnvironmentKey staging = new EnvironmentKey("lms", "staging");
    seedEnvironments(prod, staging);
    ServiceKey prodWeb = prod.service("web");
    ServiceKey stagingWeb = staging.service("web");
    inWrite(
        tx -> {
          tx.services().put(service(prodWeb));
          tx.services().put(service(prod.service("worker")));
          tx.services().put(service(stagingWeb));
          tx.replicas().put(pendingReplica("r1", prodWeb, at(10)));
        });

    inWrite(tx -> tx.environments().delete(prod));

    store()
        .read(
            (StoreTx tx) -> {
              assertThat(tx.environments().get(prod)).isEmpty();
              assertThat(tx.services().list(prod)).isEmpty();
              assertThat(tx.services().get(prodWeb)).isEmpty();
              assertThat(tx.services().list(staging)).containsExactly(service(stagingWeb));
              assertThat(tx.replicas().get("r1")).isPresent();
              return null;
            });
  }

  @Test
  default void reputtingAnEnvironmentKeepsItsServicesAndTheirOrder() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);
    inWrite(
        tx -> {
          tx.services().put(service(prod.service("worker")));
          tx.services().put(service(prod.service("web")));
        });

    EnvironmentRecord again =
        new EnvironmentRecord(
            prod, Target.LOCAL, "berth.yaml", "project: lms # v2\n", null, "/srv", 2, at(50));
    inWrite(tx -> tx.environments().put(again));

    List<String> names =
        store().read((StoreTx tx) -> tx.services().list(prod)).stream()
            .map(s -> s.key().service())
            .toList();
    assertThat(names).containsExactly("worker", "web");
  }

  @Test
  default void deletingAnUnknownEnvironmentChangesNothing() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    seedEnvironments(prod);

    inWrite(tx -> tx.environments().delete(new EnvironmentKey("lms", "nope")));

    assertThat(store().read((StoreTx tx) -> tx.environments().list())).hasSize(1);
  }

  private static EnvironmentRecord withProcfile(EnvironmentRecord r, String procfile) {
    return new EnvironmentRecord(
        r.key(),
        r.target(),
        r.specFile(),
        r.specYaml(),
        procfile,
        r.sourceDir(),
        r.generation(),
        r.appliedAt());
  }
}
