package dev.berth.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.store.StoreException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

  @Test
  void libpqUrlWithEverything() {
    PostgresUrl pg =
        PostgresUrl.parse(
            "postgresql://berth:p%40ss%3Aw%2Frd@db.example:6543/berth?sslmode=require");

    assertThat(pg.hosts()).containsExactly("db.example:6543");
    assertThat(pg.database()).isEqualTo("berth");
    assertThat(pg.user()).isEqualTo("berth");
    assertThat(pg.password()).isEqualTo("p@ss:w/rd");
    assertThat(pg.schema()).isNull();
    assertThat(pg.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.example:6543/berth?sslmode=require&connectTimeout=10");
    assertThat(pg.display()).isEqualTo("db.example:6543/berth");
  }

  @Test
  void passwordsWithUnescapedSpecialCharactersStillParse() {
    PostgresUrl pg = PostgresUrl.parse("postgres://u:a/b@c+d@127.0.0.1/test");

    assertThat(pg.user()).isEqualTo("u");
    assertThat(pg.password()).isEqualTo("a/b@c+d");
    assertThat(pg.hosts()).containsExactly("127.0.0.1:5432");
    assertThat(pg.database()).isEqualTo("test");
  }

  @Test
  void defaultsForMissingParts() {
    PostgresUrl pg = PostgresUrl.parse("postgresql://");

    assertThat(pg.hosts()).containsExactly("localhost:5432");
    assertThat(pg.database()).isEmpty();
    assertThat(pg.user()).isNull();
    assertThat(pg.password()).isNull();
  }

  @Test
  void jdbcUrlWithCredentialsInTheQuery() {
    PostgresUrl pg =
        PostgresUrl.parse(
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=x%26y&currentSchema=it_1");

    assertThat(pg.user()).isEqualTo("postgres");
    assertThat(pg.password()).isEqualTo("x&y");
    assertThat(pg.schema()).isEqualTo("it_1");
    assertThat(pg.jdbcUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=10&currentSchema=it_1")
        .doesNotContain("x&y")
        .doesNotContain("postgres&");
  }

  @Test
  void severalHostsAndIpv6() {
    PostgresUrl pg = PostgresUrl.parse("postgresql://u@[::1]:5433,10.0.0.2,[fe80::1]/db");

    assertThat(pg.hosts()).containsExactly("[::1]:5433", "10.0.0.2:5432", "[fe80::1]:5432");
    assertThat(pg.jdbcUrl())
        .startsWith("jdbc:postgresql://[::1]:5433,10.0.0.2:5432,[fe80::1]:5432/db");
  }

  @Test
  void libpqOptionsAreRenamedAndOthersPassThrough() {
    PostgresUrl pg =
        PostgresUrl.parse(
            "postgresql://h/db?connect_timeout=3&application_name=berth&schema=tenant_a"
                + "&options=-c%20statement_timeout%3D5000&port=7000");

    assertThat(pg.options())
        .isEqualTo(
            Map.of(
                "connectTimeout", "3",
                "ApplicationName", "berth",
                "options", "-c statement_timeout=5000"));
    assertThat(pg.schema()).isEqualTo("tenant_a");
    assertThat(pg.hosts()).isEqualTo(List.of("h:7000"));
  }

  @Test
  void toStringAndDisplayNeverShowThePassword() {
    PostgresUrl pg = PostgresUrl.parse("postgresql://u:hunter2@h/db?password=hunter3");

    assertThat(pg.toString()).doesNotContain("hunter");
    assertThat(pg.display()).doesNotContain("hunter");
    assertThat(pg.jdbcUrl()).doesNotContain("hunter");
  }

  @Test
  void badUrlsAreRefusedWithAHint() {
    assertThatThrownBy(() -> PostgresUrl.parse("mysql://root:pw@db/app"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'mysql://***@db/app'")
        .hasMessageEndingWith("check --database");
    assertThatThrownBy(() -> PostgresUrl.parse(null)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h:abc/db"))
        .hasMessageStartingWith("invalid port 'abc'");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h:0/db"))
        .hasMessageStartingWith("invalid port '0'");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://[::1/db"))
        .hasMessageStartingWith("unclosed '['");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/db?schema=Bad-Name"))
        .hasMessageStartingWith("invalid schema 'Bad-Name'");
    assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/db%zz"))
        .hasMessageStartingWith("bad %-escape");
  }
}
