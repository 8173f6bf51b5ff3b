package dev.berth.engine.store;

import java.util.function.Function;

/**
 * The control plane's durable state. Every change happens inside {@link #write}, which is one
 * transaction: either all of it is durable when {@code write} returns, or none of it is (a crash of
 * the control plane, even {@code kill -9}, never leaves half a change).
 *
 * <p>Implementations: SQLite (embedded default) and PostgreSQL in {@code berth-store}; an in-memory
 * fake in {@code berth-testkit}. One contract test suite runs against all three.
 */
public interface Store extends AutoCloseable {

  /** Runs {@code work} in a read-only view of a consistent snapshot. */
  <T> T read(Function<StoreTx, T> work);

  /**
   * Runs {@code work} in one transaction and commits it; if {@code work} throws, nothing of it is
   * kept and the exception propagates.
   */
  <T> T write(Function<StoreTx, T> work);

  @Override
  void close();
}
