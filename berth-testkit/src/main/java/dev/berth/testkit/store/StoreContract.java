package dev.berth.testkit.store;

import dev.berth.engine.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link Store} must have, as one JUnit 5 suite: extend it, implement {@link
 * #openStore()} to return a new, empty store, and every test of the contract runs against it.
 *
 * <p>The tests live in one interface per concern, whose default methods JUnit runs as tests:
 *
 * <ul>
 *   <li>{@link EnvironmentTableContract}, {@link ServiceTableContract}, {@link
 *       ReplicaTableContract}, {@link NodeUsageContract}, {@link EventTableContract}, {@link
 *       TokenTableContract}, {@link ReleaseTableContract}, {@link AuditTableContract}, {@link
 *       RolloutTableContract}, {@link CronTableContract}: every table method, ordering,
 *       put-replaces, the environment-to-services cascade;
 *   <li>{@link TransactionContract}: atomicity, read-your-writes, isolation, read-only reads and
 *       refused misuse;
 *   <li>{@link RoundTripContract}: every field, nulls, millisecond instants, Unicode, 1 MiB texts;
 *   <li>{@link ConcurrencyContract}: no lost event, no lost update, no torn read.
 * </ul>
 *
 * <p>Why one suite for the fake and the real stores: engine tests run against {@link
 * InMemoryStore}; they prove something about production only if the fake behaves like SQLite and
 * PostgreSQL, and this suite is what keeps them alike.
 */
public abstract class StoreContract
    implements EnvironmentTableContract,
        ServiceTableContract,
        ReplicaTableContract,
        NodeUsageContract,
        EventTableContract,
        TokenTableContract,
        ReleaseTableContract,
        AuditTableContract,
        RolloutTableContract,
        CronTableContract,
        PlanTablesContract,
        ConfigTableContract,
        GitopsTablesContract,
        TransactionContract,
        RoundTripContract,
        ConcurrencyContract {

  private Store store;

  /** A new, empty store; the suite closes it after each test. */
  protected abstract Store openStore();

  @BeforeEach
  final void openStoreUnderTest() {
    store = openStore();
  }

  @AfterEach
  final void closeStoreUnderTest() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  @Override
  public final Store store() {
    return store;
  }
}
