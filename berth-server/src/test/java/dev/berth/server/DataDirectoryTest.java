package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory is 0700, and where it is by default. */
class DataDirectoryTest {
  @TempDir Path tmp;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aNewDirectoryIsOwnerOnly() throws Exception {
    Path dir = tmp.resolve("a/b/data");

    assertThat(DataDirectory.secure(dir)).isEmpty();

    assertThat(mode(dir)).isEqualTo("rwx------");
  }

  @Test
  void aLooserDirectoryIsTightenedAndTheUserTold() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(DataDirectory.secure(dir))
        .get()
        .asString()
        .contains("rwxr-xr-x")
        .contains("0700")
        .contains(dir.toString());
    assertThat(mode(dir)).isEqualTo("rwx------");
  }

  @Test
  void anOwnerOnlyDirectoryIsLeftAloneQuietly() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));

    assertThat(DataDirectory.secure(dir)).isEmpty();
  }

  @Test
  void aFileInTheWayIsAnError() throws Exception {
    Path file = Files.createFile(tmp.resolve("data"));

    assertThatThrownBy(() -> DataDirectory.secure(file)).hasMessageContaining("not a directory");
  }

  @Test
  void theDefaultDataDirectoryIsUnderHomeFromTheEnvironment() {
    assertThat(ServerConfig.defaultDataDir(Map.of("HOME", "/x"))).isEqualTo(Path.of("/x/.berth"));
    assertThat(ServerConfig.defaultDataDir(Map.of("HOME", "/x", "BERTH_DATA_DIR", "/d")))
        .isEqualTo(Path.of("/d"));
    assertThatThrownBy(() -> ServerConfig.defaultDataDir(Map.of()))
        .hasMessageContaining("HOME is not set");
  }
}
