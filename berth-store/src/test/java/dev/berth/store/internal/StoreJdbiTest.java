package dev.berth.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.junit.jupiter.api.Test;

class StoreJdbiTest {

  @Test
  void everyJdbiParsesWithTheSameParserAndNamedParametersAndComparisonsStillWork()
      throws Exception {
    try (Connection a = DriverManager.getConnection("jdbc:sqlite::memory:");
        Connection b = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      Jdbi first = StoreJdbi.configure(Jdbi.create(a));
      Jdbi second = StoreJdbi.configure(Jdbi.create(b));

      assertThat(first.getConfig(SqlStatements.class).getSqlParser())
          .isSameAs(second.getConfig(SqlStatements.class).getSqlParser())
          .isSameAs(StoreJdbi.PARSER);
      for (Jdbi jdbi : List.of(first, second)) {
        List<Integer> sums =
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT :x + :y WHERE :x < :y AND :y <> 0")
                        .bind("x", 2)
                        .bind("y", 3)
                        .mapTo(Integer.class)
                        .list());
        assertThat(sums).containsExactly(5);
      }
    }
  }
}
