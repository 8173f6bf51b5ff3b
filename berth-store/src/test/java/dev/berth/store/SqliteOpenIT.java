package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.EventQuery;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening SQLite stores: the data directory, and the errors a person gets when it is unusable. */
class SqliteOpenIT {
  @TempDir Path tmp;

  @Test
  void createsTheDataDirectoryAndItsParents() {
    Path dir = tmp.resolve("a/b/berth-data");
    try (Store store = Stores.openSqlite(dir)) {
      store.write((StoreTx tx) -> tx.events().append(event()));
    }
    assertThat(dir.resolve("berth.db")).isRegularFile();
  }

  @Test
  void aRelativeDataDirectoryIsResolvedAgainstTheWorkingDirectory() {
    Path relative = Path.of("target", "relative-data-" + System.nanoTime());
    try (Store store = Stores.openSqlite(relative)) {
      assertThat(store.toString()).contains(relative.toAbsolutePath().toString());
    }
  }

  @Test
  void aDataDirectoryUnderARegularFileIsRefusedWithAClearMessage() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "not a directory");
    Path dir = file.resolve("sub");

    assertThatThrownBy(() -> Stores.openSqlite(dir))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot use data directory "
                + dir
                + ": "
                + file
                + " is a file, not a directory; choose another with --data-dir");
  }

  @Test
  void aDataDirectoryThatIsAFileIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");

    assertThatThrownBy(() -> Stores.openSqlite(file))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "cannot use data directory "
                + file
                + ": it is a file, not a directory; choose another with --data-dir");
  }

  @Test
  void aDataDirectoryThatCannotBeWrittenIsRefused() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("locked"));
    String user = System.getProperty("user.name");
    boolean root = "root".equals(user);
    // chmod does not stop root; an immutable directory (chattr +i) does.
    boolean locked =
        root ? run("chattr", "+i", dir.toString()) : dir.toFile().setWritable(false, false);
    assumeTrue(
        locked, "cannot make a directory unwritable here (no chattr, or no CAP_LINUX_IMMUTABLE)");
    try {
      assertThatThrownBy(() -> Stores.openSqlite(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(
              "cannot use data directory " + dir + ": not writable by user " + user)
          .hasMessageEndingWith("; choose another with --data-dir");
      assertThatThrownBy(() -> Stores.openSqlite(dir.resolve("sub")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(": cannot create it: not writable by user " + user)
          .hasMessageEndingWith("; choose another with --data-dir");
    } finally {
      if (root) {
        run("chattr", "-i", dir.toString());
      } else {
        dir.toFile().setWritable(true, false);
      }
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedWithAClearMessage() throws IOException {
    Files.write(
        tmp.resolve("berth.db"),
        "this is no database, just text ".repeat(200).getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> Stores.openSqlite(tmp))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot ")
        .hasMessageContaining(tmp.toRealPath().resolve("berth.db").toString())
        .hasMessageContaining("not a database")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aDatabaseFromANewerBerthIsRefused() throws SQLException {
    try (Store store = Stores.openSqlite(tmp)) {
      store.write((StoreTx tx) -> tx.events().append(event()));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("berth.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success)"
              + " SELECT MAX(installed_rank) + 1, '999', 'from the future', 'SQL',"
              + " 'V999__from_the_future.sql', 0, 'test', 0, 1 FROM flyway_schema_history");
    }

    assertThatThrownBy(() -> Stores.openSqlite(tmp))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("berth.db was written by a newer version of Berth")
        .hasMessageContaining("schema version 999; this version knows up to 7")
        .hasMessageEndingWith("upgrade Berth, or use another --data-dir");
  }

  @Test
  void storeOpensAgainAfterARefusal() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> Stores.openSqlite(file)).isInstanceOf(StoreException.class);

    try (Store store = Stores.openSqlite(tmp.resolve("good"))) {
      store.write((StoreTx tx) -> tx.events().append(event()));
      assertThat(
              store.read((StoreTx tx) -> tx.events().list(new EventQuery(null, null, null, 0, 0))))
          .hasSize(1);
    }
  }

  @Test
  void openPicksSqliteWithoutAUrl() {
    for (String url : List.of("", "  ")) {
      try (Store store = Stores.open(url, tmp.resolve("picked"))) {
        assertThat(store.toString()).startsWith("SQLite ");
      }
    }
    try (Store store = Stores.open(null, tmp.resolve("picked"))) {
      assertThat(store.toString()).startsWith("SQLite ");
    }
  }

  private static Event event() {
    return Event.of(Instant.parse("2026-01-01T00:00:00Z"), new EnvironmentKey("p", "e"), "T", "");
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }
}
