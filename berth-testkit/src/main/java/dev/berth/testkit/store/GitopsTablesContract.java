package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.StoreTx;
import dev.berth.engine.store.SyncState;
import dev.berth.engine.store.TokenPolicy;
import dev.berth.engine.store.TokenRecord;
import dev.berth.engine.store.TokenRole;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.GitSourceTable}, {@link dev.berth.engine.store.DeliveryTable} and
 * {@link dev.berth.engine.store.TokenPolicyTable}: round trips, upserts, ordering, replay detection
 * and bounded retention.
 */
public interface GitopsTablesContract extends StoreFixture {

  @Test
  default void gitSourcesRoundTripAndAreUpsertedAndListedInOrder() {
    EnvironmentKey staging = new EnvironmentKey("shop", "staging");
    EnvironmentKey preview = new EnvironmentKey("shop", "preview-7");
    GitSourceRecord s =
        GitSourceRecord.tracking(
            staging,
            "file:///repo.git",
            "main",
            "deploy/berth.yaml",
            true,
            Duration.ofSeconds(30),
            "",
            true);
    GitSourceRecord p =
        GitSourceRecord.tracking(
            preview, "file:///repo.git", "feature", "berth.yaml", false, null, "staging", false);
    inWrite(
        tx -> {
          tx.gitSources().put(p);
          tx.gitSources().put(s);
        });
    assertThat(store().read((StoreTx tx) -> tx.gitSources().get(staging))).contains(s);
    assertThat(store().read((StoreTx tx) -> tx.gitSources().list())).containsExactly(p, s);

    GitSourceRecord synced =
        s.looked(SyncState.SYNCED, "abc", "abc", "first commit", "", "", at(5));
    inWrite(tx -> tx.gitSources().put(synced));
    assertThat(store().read((StoreTx tx) -> tx.gitSources().get(staging))).contains(synced);

    inWrite(tx -> tx.gitSources().delete(staging));
    assertThat(store().read((StoreTx tx) -> tx.gitSources().list())).containsExactly(p);
  }

  @Test
  default void aDeliveryIdIsNewOnceAndForgottenAfterRetention() {
    assertThat(store().write((StoreTx tx) -> tx.deliveries().remember("d1", at(10), at(0))))
        .isTrue();
    assertThat(store().write((StoreTx tx) -> tx.deliveries().remember("d1", at(11), at(0))))
        .isFalse();
    assertThat(store().write((StoreTx tx) -> tx.deliveries().remember("d2", at(12), at(0))))
        .isTrue();
    assertThat(store().read((StoreTx tx) -> tx.deliveries().count())).isEqualTo(2);
    // d1 and d2 fall out of the window: the table stays bounded
    assertThat(store().write((StoreTx tx) -> tx.deliveries().remember("d3", at(100), at(50))))
        .isTrue();
    assertThat(store().read((StoreTx tx) -> tx.deliveries().count())).isEqualTo(1);
  }

  @Test
  default void tokenPoliciesRoundTripAndRevoke() {
    TokenRecord t = store().write((StoreTx tx) -> tx.tokens().add("ci", "c".repeat(64), at(1)));
    TokenPolicy p = new TokenPolicy(t.id(), "shop", "staging", TokenRole.DEPLOY, at(100), null);
    inWrite(tx -> tx.tokenPolicies().put(p));
    assertThat(store().read((StoreTx tx) -> tx.tokenPolicies().get(t.id()))).contains(p);
    inWrite(tx -> tx.tokenPolicies().put(p.revoked(at(50))));
    assertThat(store().read((StoreTx tx) -> tx.tokenPolicies().list()))
        .containsExactly(p.revoked(at(50)));
    assertThat(store().read((StoreTx tx) -> tx.tokenPolicies().get(t.id() + 1))).isEmpty();
  }
}
