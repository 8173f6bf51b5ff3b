package dev.berth.store;

import static dev.berth.testkit.store.StoreSamples.at;
import static dev.berth.testkit.store.StoreSamples.environment;
import static dev.berth.testkit.store.StoreSamples.runningReplica;
import static dev.berth.testkit.store.StoreSamples.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import dev.berth.testkit.store.StoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against real SQLite files, plus what only a file can show. */
class SqliteStoreIT extends StoreContract {
  @TempDir Path dataDir;

  @Override
  protected Store openStore() {
    return Stores.openSqlite(dataDir);
  }

  @Test
  void everythingSurvivesCloseAndReopen() {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    store()
        .write(
            (StoreTx tx) -> {
              tx.environments().put(environment(prod));
              tx.services().put(service(prod.service("web")));
              tx.replicas().put(runningReplica("web-1", prod.service("web"), at(1)));
              tx.tokens().add("admin", "ab".repeat(32), at(2));
              return tx.events().append(Event.of(at(3), prod, "Applied", "v1"));
            });
    store().close();

    try (Store reopened = Stores.openSqlite(dataDir)) {
      reopened.read(
          (StoreTx tx) -> {
            assertThat(tx.environments().get(prod)).contains(environment(prod));
            assertThat(tx.services().list(prod)).containsExactly(service(prod.service("web")));
            assertThat(tx.replicas().all())
                .containsExactly(runningReplica("web-1", prod.service("web"), at(1)));
            assertThat(tx.tokens().list()).hasSize(1);
            assertThat(tx.events().list(new EventQuery(null, null, null, 0, 0))).hasSize(1);
            return null;
          });
      Event next =
          reopened.write((StoreTx tx) -> tx.events().append(Event.of(at(4), prod, "X", "")));
      assertThat(next.id()).isEqualTo(2);
    }
  }

  @Test
  void theFileIsInWalModeWithTheSchemaInPlace() throws SQLException {
    store()
        .write(
            (StoreTx tx) ->
                tx.events().append(Event.of(at(1), new EnvironmentKey("p", "e"), "T", "")));

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("berth.db"));
        Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(single(s, "PRAGMA integrity_check")).isEqualTo("ok");
      assertThat(column(s, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
          .contains(
              "environments",
              "services",
              "replicas",
              "node_usage",
              "events",
              "tokens",
              "releases",
              "audit",
              "cron_runs",
              "cron_state",
              "environment_serials",
              "environment_locks",
              "config_vars",
              "git_sources",
              "webhook_deliveries",
              "token_policies");
      assertThat(column(s, "SELECT version FROM flyway_schema_history WHERE success = 1"))
          .containsExactly("1", "2", "3", "4", "5", "6", "7");
    }
  }

  @Test
  void closingLeavesOneSelfContainedFile() {
    store()
        .write(
            (StoreTx tx) ->
                tx.events().append(Event.of(at(1), new EnvironmentKey("p", "e"), "T", "")));
    store().read((StoreTx tx) -> tx.events().list(new EventQuery(null, null, null, 0, 0)));

    store().close();

    // SQLite removes the WAL and shared-memory files when its last connection closes.
    assertThat(dataDir.resolve("berth.db")).isRegularFile();
    assertThat(dataDir.resolve("berth.db-wal")).doesNotExist();
    assertThat(dataDir.resolve("berth.db-shm")).doesNotExist();
  }

  @Test
  void booleansAreStoredAsIntegers() throws SQLException {
    EnvironmentKey prod = new EnvironmentKey("lms", "production");
    store()
        .write(
            (StoreTx tx) -> {
              tx.replicas().put(runningReplica("r", prod.service("web"), at(1)));
              return null;
            });

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("berth.db"));
        Statement s = c.createStatement()) {
      assertThat(single(s, "SELECT typeof(ready) || ':' || ready FROM replicas"))
          .isEqualTo("integer:1");
    }
  }

  @Test
  void twoStoresOnOneFileInOneJvmWriteWithoutBusyErrors() throws Exception {
    try (Store second = Stores.openSqlite(dataDir)) {
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (Store s : List.of(store(), second)) {
        writers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    s.write(
                        (StoreTx tx) ->
                            tx.events()
                                .append(Event.of(at(1), new EnvironmentKey("p", "e"), "T", "")));
                  }
                }));
      }
      for (CompletableFuture<Void> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      assertThat(
              second.read((StoreTx tx) -> tx.events().list(new EventQuery(null, null, null, 0, 0))))
          .hasSize(40);
    }
  }

  static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  static List<String> column(Statement s, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }
}
