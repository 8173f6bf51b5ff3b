package dev.berth.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pragmas every connection of the SQLite store runs with (see SqliteDatabase's Javadoc). */
class SqliteSettingsTest {
  @TempDir Path dir;

  @Test
  void writerConnectionsAreWalFullSyncWithForeignKeysAndABusyTimeout() throws SQLException {
    try (Connection c = SqliteDatabase.dataSource(dir.resolve("t.db"), true).getConnection();
        Statement s = c.createStatement()) {
      assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(s, "synchronous")).isEqualTo("2"); // FULL
      assertThat(pragma(s, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(s, "busy_timeout")).isEqualTo("30000");
    }
  }

  @Test
  void readerConnectionsShareTheSettingsThatMatterForReads() throws SQLException {
    SqliteDatabase.dataSource(dir.resolve("t.db"), true).getConnection().close();
    try (Connection c = SqliteDatabase.dataSource(dir.resolve("t.db"), false).getConnection();
        Statement s = c.createStatement()) {
      assertThat(pragma(s, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(s, "busy_timeout")).isEqualTo("30000");
      assertThat(pragma(s, "foreign_keys")).isEqualTo("1");
    }
  }

  private static String pragma(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
