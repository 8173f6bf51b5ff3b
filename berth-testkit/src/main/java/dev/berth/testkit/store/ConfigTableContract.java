package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.StoreTx;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.berth.engine.store.ConfigTable}: every field kept (secret flag, ciphertext, wrapped
 * key, millisecond instants), put replaces, names in code point order, environments kept apart,
 * delete reports whether it removed something, {@code secrets()} across environments only, and vars
 * that exist before (and independently of) the environment's row.
 */
public interface ConfigTableContract extends StoreFixture {
  EnvironmentKey PROD = new EnvironmentKey("shop", "production");
  EnvironmentKey STAGING = new EnvironmentKey("shop", "staging");

  private void put(ConfigRecord r) {
    store()
        .write(
            (StoreTx tx) -> {
              tx.config().put(r);
              return null;
            });
  }

  private List<ConfigRecord> list(EnvironmentKey env) {
    return store().read((StoreTx tx) -> tx.config().list(env));
  }

  @Test
  default void configKeepsEveryFieldAndPutReplaces() {
    ConfigRecord secret =
        new ConfigRecord(PROD, "API_TOKEN", true, "Y2lwaGVy+/=", "d3JhcHBlZA==", at(7));
    put(secret);
    assertThat(store().read((StoreTx tx) -> tx.config().get(PROD, "API_TOKEN"))).contains(secret);

    ConfigRecord plain = new ConfigRecord(PROD, "API_TOKEN", false, "plain ünïcödé", "", at(9));
    put(plain);
    assertThat(list(PROD)).containsExactly(plain);
    assertThat(store().read((StoreTx tx) -> tx.config().secrets())).isEmpty();
  }

  @Test
  default void configListsNamesInCodePointOrderPerEnvironment() {
    put(new ConfigRecord(PROD, "b", false, "2", "", at(1)));
    put(new ConfigRecord(PROD, "B", false, "1", "", at(1)));
    put(new ConfigRecord(PROD, "_a", false, "3", "", at(1)));
    put(new ConfigRecord(STAGING, "B", false, "staging", "", at(1)));

    assertThat(list(PROD)).extracting(ConfigRecord::name).containsExactly("B", "_a", "b");
    assertThat(list(STAGING)).extracting(ConfigRecord::value).containsExactly("staging");
    assertThat(list(new EnvironmentKey("other", "production"))).isEmpty();
  }

  @Test
  default void configDeleteReportsWhetherItRemovedAndKeepsOthers() {
    put(new ConfigRecord(PROD, "A", false, "1", "", at(1)));
    put(new ConfigRecord(STAGING, "A", false, "1", "", at(1)));

    assertThat(store().write((StoreTx tx) -> tx.config().delete(PROD, "A"))).isTrue();
    assertThat(store().write((StoreTx tx) -> tx.config().delete(PROD, "A"))).isFalse();
    assertThat(list(PROD)).isEmpty();
    assertThat(list(STAGING)).hasSize(1);
  }

  @Test
  default void configSecretsSpanEnvironmentsInKeyOrder() {
    put(new ConfigRecord(STAGING, "S", true, "c1", "w1", at(1)));
    put(new ConfigRecord(PROD, "Z", true, "c2", "w2", at(1)));
    put(new ConfigRecord(PROD, "A", true, "c3", "w3", at(1)));
    put(new ConfigRecord(PROD, "P", false, "plain", "", at(1)));

    assertThat(store().read((StoreTx tx) -> tx.config().secrets()))
        .extracting(r -> r.env().environment() + "/" + r.name())
        .containsExactly("production/A", "production/Z", "staging/S");
  }

  @Test
  default void configChangesRollBackWithTheirTransaction() {
    put(new ConfigRecord(PROD, "A", false, "1", "", at(1)));
    assertThatThrownBy(
            () ->
                store()
                    .write(
                        (StoreTx tx) -> {
                          tx.config().put(new ConfigRecord(PROD, "A", false, "2", "", at(2)));
                          tx.config().delete(PROD, "A");
                          throw new IllegalStateException("boom");
                        }))
        .hasMessage("boom");
    assertThat(list(PROD)).extracting(ConfigRecord::value).containsExactly("1");
  }

  @Test
  default void configWritesAreRefusedInReadOnlyTransactions() {
    assertThatThrownBy(
            () ->
                store()
                    .read(
                        (StoreTx tx) -> {
                          tx.config().put(new ConfigRecord(PROD, "A", false, "1", "", at(1)));
                          return null;
                        }))
        .isInstanceOf(IllegalStateException.class);
  }
}
