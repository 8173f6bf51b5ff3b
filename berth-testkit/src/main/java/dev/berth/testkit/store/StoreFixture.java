package dev.berth.testkit.store;

import static dev.berth.testkit.store.StoreSamples.environment;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.util.function.Consumer;

/**
 * What every part of the {@link StoreContract} needs: the store under test, fresh and empty for
 * each test, and small helpers to seed it.
 */
public interface StoreFixture {
  /** The store under test; empty at the start of each test. */
  Store store();

  /** Runs {@code work} in one write transaction. */
  default void inWrite(Consumer<StoreTx> work) {
    store()
        .write(
            tx -> {
              work.accept(tx);
              return null;
            });
  }

  /** Stores a sample environment for each key. */
  default void seedEnvironments(EnvironmentKey... keys) {
    inWrite(
        tx -> {
          for (EnvironmentKey key : keys) {
            tx.environments().put(environment(key));
          }
        });
  }
}
