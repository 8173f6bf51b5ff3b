package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.Store;
import org.junit.jupiter.api.Test;

/** The contract against the fake, plus what is particular to it: ids from 1, close. */
class InMemoryStoreTest extends StoreContract {

  @Override
  protected Store openStore() {
    return new InMemoryStore();
  }

  @Test
  void eventAndTokenIdsCountFromOne() {
    Event first =
        store()
            .write(
                tx -> tx.events().append(Event.of(at(1), new EnvironmentKey("p", "e"), "T", "")));
    long token = store().write(tx -> tx.tokens().add("admin", "aa", at(1))).id();
    long token2 = store().write(tx -> tx.tokens().add("ci", "bb", at(1))).id();

    assertThat(first.id()).isEqualTo(1);
    assertThat(token).isEqualTo(1);
    assertThat(token2).isEqualTo(2);
  }

  @Test
  void aClosedStoreRefusesWork() {
    Store store = new InMemoryStore();
    store.close();

    assertThatThrownBy(() -> store.read(tx -> 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.write(tx -> 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void codePointOrderDiffersFromUtf16OrderAboveTheSurrogates() {
    String smiley = "\uD83D\uDE00";
    String fullwidthTilde = "\uFF5E";

    assertThat(smiley.compareTo(fullwidthTilde)).isNegative();
    assertThat(CodePointOrder.INSTANCE.compare(smiley, fullwidthTilde)).isPositive();
    assertThat(CodePointOrder.INSTANCE.compare("ab", "abc")).isNegative();
    assertThat(CodePointOrder.INSTANCE.compare("abc", "abc")).isZero();
  }
}
