package dev.berth.triggers;

import static dev.berth.triggers.Triggers.readOnce;
import static dev.berth.triggers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerType;
import dev.berth.engine.autoscale.TriggerSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the PostgreSQL on this machine (127.0.0.1:5432, trust, database {@code test}). */
class PostgresQuerySourceIT {
  static final Map<String, String> ENV =
      Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test");
  final String table = "berth_it_" + UUID.randomUUID().toString().replace("-", "");
  Connection db;

  @BeforeEach
  void create() throws Exception {
    db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
    db.createStatement().execute("CREATE TABLE " + table + " (state text)");
  }

  @AfterEach
  void drop() throws Exception {
    db.createStatement().execute("DROP TABLE " + table);
    db.close();
  }

  Reading query(String sql) {
    return readOnce(
        trigger(TriggerType.POSTGRESQL, "connectionFromEnv", "DATABASE_URL", "query", sql), ENV);
  }

  @Test
  void aCountFollowsTheTable() throws Exception {
    db.createStatement()
        .execute("INSERT INTO " + table + " SELECT 'queued' FROM generate_series(1, 12)");
    try (TriggerSource s =
        new TriggerAdapters()
            .open(
                trigger(
                    TriggerType.POSTGRESQL,
                    "connectionFromEnv",
                    "DATABASE_URL",
                    "query",
                    "SELECT count(*) FROM " + table + " WHERE state = 'queued'"),
                ENV)) {
      assertThat(s.read()).isEqualTo(Reading.of(12));
      db.createStatement()
          .execute(
              "UPDATE "
                  + table
                  + " SET state = 'done' WHERE ctid IN (SELECT ctid FROM "
                  + table
                  + " LIMIT 5)");
      assertThat(s.read()).isEqualTo(Reading.of(7));
    }
  }

  @Test
  void separateParametersAndKeyValueStringsWorkToo() {
    assertThat(
            readOnce(
                trigger(
                    TriggerType.POSTGRESQL,
                    "host",
                    "127.0.0.1",
                    "port",
                    "5432",
                    "userName",
                    "postgres",
                    "dbName",
                    "test",
                    "query",
                    "SELECT 2.5"),
                Map.of()))
        .isEqualTo(Reading.of(2.5));
    assertThat(
            readOnce(
                trigger(TriggerType.POSTGRESQL, "connectionFromEnv", "DSN", "query", "SELECT 3"),
                Map.of("DSN", "host=127.0.0.1 port=5432 user=postgres dbname=test")))
        .isEqualTo(Reading.of(3));
  }

  @Test
  void textNoRowAndNullAreErrors() {
    assertThat(query("SELECT 'many'").error()).isEqualTo("the query returned 'many', not a number");
    assertThat(query("SELECT '17'").value()).as("text holding a number is read").isEqualTo(17);
    assertThat(query("SELECT 1 WHERE false").error())
        .isEqualTo("the query returned no row (it should return one number)");
    assertThat(query("SELECT NULL::int").error()).startsWith("the query returned NULL");
  }

  @Test
  void negativeAndNanValuesAreTriggerErrorsForTheDecision() {
    assertThat(query("SELECT -4").problem())
        .isEqualTo("the metric is -4.0, not a number of at least 0");
    assertThat(query("SELECT 'NaN'::float8").problem()).contains("NaN");
  }

  @Test
  void aBadQueryAndAWriteAreErrors() {
    assertThat(query("SELEC 1").error()).contains("syntax error");
    assertThat(query("DELETE FROM " + table + " RETURNING 1").error()).contains("read-only");
  }

  @Test
  void aServerThatIsDownAndAnUnknownUserAreErrorsWithoutThePassword() {
    assertThat(
            readOnce(
                    trigger(TriggerType.POSTGRESQL, "connectionFromEnv", "D", "query", "SELECT 1"),
                    Map.of("D", "postgresql://postgres:pw@127.0.0.1:1/test"))
                .error())
        .contains("Connection")
        .doesNotContain(":pw@");
    Reading r =
        readOnce(
            trigger(TriggerType.POSTGRESQL, "connectionFromEnv", "D", "query", "SELECT 1"),
            Map.of("D", "postgresql://postgres:s3cretpw@127.0.0.1:5432/no_such_db_berth"));
    assertThat(r.error()).contains("no_such_db_berth").doesNotContain("s3cretpw");
  }
}
