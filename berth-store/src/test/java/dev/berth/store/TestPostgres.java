package dev.berth.store;

import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.store.internal.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL that integration tests use: {@code postgresql://postgres@127.0.0.1:5432/test}, or
 * {@code BERTH_TEST_POSTGRES_URL}. Each test class works in its own randomly named schema and drops
 * it afterwards, so runs never collide. An unreachable server fails the tests (CI has one), it does
 * not skip them.
 */
final class TestPostgres {
  static final String URL =
      System.getenv()
          .getOrDefault("BERTH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test");

  private TestPostgres() {}

  static String newSchema() {
    return "berth_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static String url(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "schema=" + schema;
  }

  static Connection connect() {
    PostgresUrl pg = PostgresUrl.parse(URL);
    try {
      return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    } catch (SQLException e) {
      return fail(
          "PostgreSQL is not reachable at "
              + pg.display()
              + " ("
              + e.getMessage()
              + "). The PostgreSQL integration tests need it: start PostgreSQL (CI does), or point"
              + " BERTH_TEST_POSTGRES_URL at one.");
    }
  }

  static void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }
}
