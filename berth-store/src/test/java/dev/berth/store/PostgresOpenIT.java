package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import dev.berth.store.internal.PostgresUrl;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening PostgreSQL stores: both URL forms, and the errors a person gets. */
class PostgresOpenIT {
  private final String schema = TestPostgres.newSchema();

  @BeforeAll
  static void requirePostgres() throws Exception {
    TestPostgres.connect().close();
  }

  @AfterEach
  void dropSchema() {
    TestPostgres.dropSchema(schema);
  }

  @Test
  void opensWithALibpqUrl() {
    assertWorks(Stores.openPostgres(TestPostgres.url(schema)));
  }

  @Test
  void opensWithAJdbcUrl() {
    PostgresUrl pg = PostgresUrl.parse(TestPostgres.URL);
    String jdbc =
        "jdbc:postgresql://"
            + pg.hosts().get(0)
            + "/"
            + pg.database()
            + "?user="
            + pg.user()
            + (pg.password() == null ? "" : "&password=" + pg.password())
            + "&currentSchema="
            + schema;
    assertWorks(Stores.openPostgres(jdbc));
  }

  @Test
  void openPicksPostgresWhenAUrlIsGiven(@TempDir Path dataDir) {
    try (Store store = Stores.open(TestPostgres.url(schema), dataDir)) {
      assertThat(store.toString()).startsWith("PostgreSQL ").contains(schema);
    }
    assertThat(dataDir).isEmptyDirectory();
  }

  @Test
  void anUnreachableServerGivesOneLineWithoutThePassword() {
    String url = "postgresql://berth:s3cret-Pa55@127.0.0.1:1/berthdb";

    assertThatThrownBy(() -> Stores.openPostgres(url))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot connect to PostgreSQL at 127.0.0.1:1/berthdb: ")
        .hasMessageContaining("refused")
        .hasMessageEndingWith("; check --database")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("\n"));
  }

  @Test
  void anUnknownDatabaseIsNamedInTheMessage() {
    PostgresUrl pg = PostgresUrl.parse(TestPostgres.URL);
    String url = "postgresql://" + pg.user() + "@" + pg.hosts().get(0) + "/berth_no_such_database";

    assertThatThrownBy(() -> Stores.openPostgres(url))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot connect to PostgreSQL at " + pg.hosts().get(0) + "/berth_no_such_database: ")
        .hasMessageContaining("\"berth_no_such_database\" does not exist")
        .hasMessageEndingWith("; check --database");
  }

  @Test
  void somethingElseThanAPostgresUrlIsRefused() {
    assertThatThrownBy(() -> Stores.openPostgres("mysql://root:hunter2@db/app"))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "not a PostgreSQL URL: 'mysql://***@db/app'; use"
                + " postgresql://user:password@host:5432/database; check --database");
  }

  @Test
  void aSchemaFromANewerBerthIsRefused() {
    try (Store store = Stores.openPostgres(TestPostgres.url(schema))) {
      store.write((StoreTx tx) -> tx.events().append(event()));
    }
    TestPostgres.execute(
        "INSERT INTO "
            + schema
            + ".flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success)"
            + " SELECT MAX(installed_rank) + 1, '999', 'from the future', 'SQL',"
            + " 'V999__future.sql', 0, 'test', 0, true FROM "
            + schema
            + ".flyway_schema_history");

    assertThatThrownBy(() -> Stores.openPostgres(TestPostgres.url(schema)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("(schema " + schema + ") was written by a newer version of Berth")
        .hasMessageContaining("schema version 999; this version knows up to 7")
        .hasMessageEndingWith("upgrade Berth, or use another --database");
  }

  private static void assertWorks(Store store) {
    try (store) {
      Event e = store.write((StoreTx tx) -> tx.events().append(event()));
      assertThat(
              store.read((StoreTx tx) -> tx.events().list(new EventQuery(null, null, null, 0, 0))))
          .containsExactly(e);
    }
  }

  private static Event event() {
    return Event.of(Instant.parse("2026-01-01T00:00:00Z"), new EnvironmentKey("p", "e"), "T", "");
  }
}
