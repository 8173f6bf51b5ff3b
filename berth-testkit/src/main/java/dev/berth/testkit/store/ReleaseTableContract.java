package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.Change;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.ReleaseCommandStatus;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.ReleaseTable}: every field kept, newest first, a version stored
 * once, only the outcome updated, per-environment numbering, and the cascade with the environment.
 */
public interface ReleaseTableContract extends StoreFixture {
  EnvironmentKey PROD = new EnvironmentKey("lms", "production");
  EnvironmentKey STAGING = new EnvironmentKey("lms", "staging");

  /** A deploying release with every field set. */
  static ReleaseRecord release(EnvironmentKey env, long version) {
    return new ReleaseRecord(
        env,
        version,
        ReleaseStatus.DEPLOYING,
        at(version * 10),
        null,
        null,
        "alice (token admin)",
        "fix the enrolment form ✓",
        "",
        new ReleaseSource(
            ReleaseSource.Kind.GIT,
            "https://example.com/lms.git",
            "main",
            "0123abcd",
            "sha256:" + "ab".repeat(32),
            0),
        List.of(
            new Change("web", "updated", "new version", false),
            new Change("worker", "removed", "its replicas will be stopped", true)),
        java.util.Map.of("web", "0a1b2c3d4e"),
        ReleaseCommandStatus.PENDING,
        "berth.yaml",
        "project: lms\n",
        "web: java Web.java\n");
  }

  @Test
  default void insertKeepsEveryFieldAndListsNewestFirst() {
    seedEnvironments(PROD, STAGING);
    inWrite(
        tx -> {
          tx.releases().insert(release(PROD, 1));
          tx.releases().insert(release(PROD, 2));
          tx.releases().insert(release(STAGING, 1));
        });

    List<ReleaseRecord> prod = store().read((StoreTx tx) -> tx.releases().list(PROD, 0));
    assertThat(prod).containsExactly(release(PROD, 2), release(PROD, 1));
    assertThat(store().read((StoreTx tx) -> tx.releases().list(PROD, 1)))
        .containsExactly(release(PROD, 2));
    assertThat(store().read((StoreTx tx) -> tx.releases().latestVersion(PROD))).isEqualTo(2);
    assertThat(store().read((StoreTx tx) -> tx.releases().latestVersion(STAGING))).isEqualTo(1);
    assertThat(store().read((StoreTx tx) -> tx.releases().get(STAGING, 1)))
        .contains(release(STAGING, 1));
    assertThat(store().read((StoreTx tx) -> tx.releases().get(STAGING, 2))).isEmpty();
  }

  @Test
  default void anEnvironmentWithoutReleasesHasVersionZero() {
    seedEnvironments(PROD);
    assertThat(store().read((StoreTx tx) -> tx.releases().latestVersion(PROD))).isZero();
    assertThat(store().read((StoreTx tx) -> tx.releases().list(PROD, 0))).isEmpty();
  }

  @Test
  default void aVersionIsStoredOnce() {
    seedEnvironments(PROD);
    inWrite(tx -> tx.releases().insert(release(PROD, 1)));

    assertThatThrownBy(() -> inWrite(tx -> tx.releases().insert(release(PROD, 1))))
        .isInstanceOf(RuntimeException.class);
    assertThat(store().read((StoreTx tx) -> tx.releases().list(PROD, 0))).hasSize(1);
  }

  @Test
  default void finishWritesTheOutcomeOnly() {
    seedEnvironments(PROD);
    inWrite(tx -> tx.releases().insert(release(PROD, 1)));
    ReleaseRecord tampered =
        new ReleaseRecord(
            PROD,
            1,
            ReleaseStatus.ROLLED_BACK,
            at(999),
            at(500),
            null,
            "mallory",
            "changed",
            "web-3 was not ready within 20s",
            ReleaseSource.directory("/elsewhere", "", ""),
            List.of(),
            java.util.Map.of(),
            ReleaseCommandStatus.FAILED,
            "other.yaml",
            "project: other\n",
            null);

    inWrite(tx -> tx.releases().finish(tampered));

    ReleaseRecord stored = store().read((StoreTx tx) -> tx.releases().get(PROD, 1)).orElseThrow();
    assertThat(stored)
        .isEqualTo(
            release(PROD, 1)
                .finished(ReleaseStatus.ROLLED_BACK, "web-3 was not ready within 20s", at(500))
                .withPhase(ReleaseCommandStatus.FAILED));
  }

  @Test
  default void finishingAMissingReleaseFails() {
    seedEnvironments(PROD);
    assertThatThrownBy(
            () ->
                inWrite(
                    tx ->
                        tx.releases()
                            .finish(release(PROD, 7).finished(ReleaseStatus.LIVE, "", at(1)))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  default void liveAtIsSetWhenTheReleaseGoesLiveAndKeptAfterwards() {
    seedEnvironments(PROD);
    inWrite(tx -> tx.releases().insert(release(PROD, 1)));
    inWrite(tx -> tx.releases().finish(release(PROD, 1).finished(ReleaseStatus.LIVE, "", at(7))));
    inWrite(
        tx ->
            tx.releases()
                .finish(
                    release(PROD, 1)
                        .finished(ReleaseStatus.SUPERSEDED, "superseded by v2", at(9))));

    ReleaseRecord r = store().read((StoreTx tx) -> tx.releases().get(PROD, 1)).orElseThrow();
    assertThat(r.status()).isEqualTo(ReleaseStatus.SUPERSEDED);
    assertThat(r.liveAt()).isEqualTo(at(7));
    assertThat(r.finishedAt()).isEqualTo(at(9));
  }

  @Test
  default void withStatusFiltersNewestFirst() {
    seedEnvironments(PROD);
    inWrite(
        tx -> {
          for (long v = 1; v <= 4; v++) {
            tx.releases().insert(release(PROD, v));
          }
          tx.releases().finish(release(PROD, 1).finished(ReleaseStatus.SUPERSEDED, "", at(1)));
          tx.releases().finish(release(PROD, 2).finished(ReleaseStatus.LIVE, "", at(2)));
        });

    assertThat(
            store().read((StoreTx tx) -> tx.releases().withStatus(PROD, ReleaseStatus.DEPLOYING)))
        .extracting(ReleaseRecord::version)
        .containsExactly(4L, 3L);
    assertThat(store().read((StoreTx tx) -> tx.releases().withStatus(PROD, ReleaseStatus.LIVE)))
        .extracting(ReleaseRecord::version)
        .containsExactly(2L);
  }

  @Test
  default void deletingTheEnvironmentDeletesItsReleases() {
    seedEnvironments(PROD, STAGING);
    inWrite(
        tx -> {
          tx.releases().insert(release(PROD, 1));
          tx.releases().insert(release(STAGING, 1));
        });

    inWrite(tx -> tx.environments().delete(PROD));

    assertThat(store().read((StoreTx tx) -> tx.releases().list(PROD, 0))).isEmpty();
    assertThat(store().read((StoreTx tx) -> tx.releases().list(STAGING, 0))).hasSize(1);
  }
}
