package dev.berth.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.environment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import dev.berth.testkit.store.StoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract against a real PostgreSQL, in a fresh schema for this class (emptied before
 * each test, dropped at the end), plus what only a shared server can show.
 */
class PostgresStoreIT extends StoreContract {
  private static final String SCHEMA = TestPostgres.newSchema();
  private static boolean migrated;

  @BeforeAll
  static void requirePostgres() throws SQLException {
    TestPostgres.connect().close();
  }

  @AfterAll
  static void dropSchema() {
    TestPostgres.dropSchema(SCHEMA);
  }

  @Override
  protected Store openStore() {
    if (migrated) {
      TestPostgres.execute(
          "TRUNCATE "
              + String.join(
                  ", ",
                  List.of(
                          "environments",
                          "services",
                          "replicas",
                          "node_usage",
                          "events",
                          "tokens",
                          "releases",
                          "audit",
                          "rollouts",
                          "environment_serials",
                          "environment_locks",
                          "config_vars")
                      .stream()
                      .map(t -> SCHEMA + "." + t)
                      .toList())
              + " RESTART IDENTITY CASCADE");
    }
    Store store = Stores.openPostgres(TestPostgres.url(SCHEMA));
    migrated = true;
    return store;
  }

  @Test
  void tablesLiveInTheSchemaOfTheUrl() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = TestPostgres.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + SCHEMA
                    + "' ORDER BY table_name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables)
        .contains(
            "environments",
            "services",
            "replicas",
            "node_usage",
            "events",
            "tokens",
            "releases",
            "audit",
            "config_vars")
        .contains("flyway_schema_history");
  }

  @Test
  void twoStoresOnOneSchemaLoseNoUpdate() throws Exception {
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    store()
        .write(
            (StoreTx tx) -> {
              tx.environments().put(environment(key));
              return null;
            });
    try (Store second = Stores.openPostgres(TestPostgres.url(SCHEMA))) {
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (Store s : List.of(store(), second, store(), second)) {
        writers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    s.write(
                        (StoreTx tx) -> {
                          EnvironmentRecord r = tx.environments().get(key).orElseThrow();
                          tx.environments()
                              .put(
                                  new EnvironmentRecord(
                                      r.key(),
                                      r.target(),
                                      r.specFile(),
                                      r.specYaml(),
                                      r.procfile(),
                                      r.sourceDir(),
                                      r.generation() + 1,
                                      r.appliedAt()));
                          return tx.events().append(Event.of(at(1), key, "Bumped", ""));
                        });
                  }
                }));
      }
      for (CompletableFuture<Void> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
    }
    assertThat(store().read((StoreTx tx) -> tx.environments().get(key)).orElseThrow().generation())
        .isEqualTo(41);
  }

  @Test
  void dataSurvivesReopening() {
    EnvironmentKey key = new EnvironmentKey("lms", "production");
    store()
        .write(
            (StoreTx tx) -> {
              tx.environments().put(environment(key));
              return null;
            });
    store().close();

    try (Store reopened = Stores.openPostgres(TestPostgres.url(SCHEMA))) {
      assertThat(reopened.read((StoreTx tx) -> tx.environments().get(key)))
          .contains(environment(key));
    }
  }
}
