package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.store.StoreTx;
import dev.berth.engine.store.TokenRecord;
import org.junit.jupiter.api.Test;

/** {@link dev.berth.engine.store.TokenTable}: add, find by hash, list by id, hashes unique. */
public interface TokenTableContract extends StoreFixture {
  String HASH_A = "a".repeat(64);
  String HASH_B = "0123456789abcdef".repeat(4);

  @Test
  default void addedTokensAreFoundByHash() {
    TokenRecord admin = store().write((StoreTx tx) -> tx.tokens().add("admin", HASH_A, at(1)));

    assertThat(admin.id()).isPositive();
    assertThat(admin.name()).isEqualTo("admin");
    assertThat(admin.sha256Hex()).isEqualTo(HASH_A);
    assertThat(admin.createdAt()).isEqualTo(at(1));
    assertThat(store().read((StoreTx tx) -> tx.tokens().findByHash(HASH_A))).contains(admin);
    assertThat(store().read((StoreTx tx) -> tx.tokens().findByHash(HASH_B))).isEmpty();
  }

  @Test
  default void tokensAreListedByIncreasingId() {
    TokenRecord first = store().write((StoreTx tx) -> tx.tokens().add("admin", HASH_A, at(2)));
    TokenRecord second = store().write((StoreTx tx) -> tx.tokens().add("ci", HASH_B, at(1)));

    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(store().read((StoreTx tx) -> tx.tokens().list())).containsExactly(first, second);
  }

  @Test
  default void aHashCanBeStoredOnlyOnce() {
    TokenRecord admin = store().write((StoreTx tx) -> tx.tokens().add("admin", HASH_A, at(1)));

    assertThatThrownBy(
            () ->
                inWrite(
                    tx -> {
                      tx.tokens().add("ci", HASH_B, at(2));
                      tx.tokens().add("copy", HASH_A, at(3));
                    }))
        .isInstanceOf(RuntimeException.class);

    assertThat(store().read((StoreTx tx) -> tx.tokens().list())).containsExactly(admin);
  }
}
