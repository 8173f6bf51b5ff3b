package dev.berth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI config lives, how it is written, and how it keeps earlier control planes. */
class ClientConfigTest {
  @TempDir Path tmp;

  @Test
  void berthConfigWinsOverEverything() {
    assertThat(
            ClientConfig.defaultPath(
                Map.of("BERTH_CONFIG", "/c/b.json", "XDG_CONFIG_HOME", "/x", "HOME", "/h")))
        .isEqualTo(Path.of("/c/b.json"));
  }

  @Test
  void xdgConfigHomeComesNext() {
    assertThat(ClientConfig.defaultPath(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")))
        .isEqualTo(Path.of("/x/berth/config.json"));
  }

  @Test
  void aRelativeXdgConfigHomeIsIgnoredAsTheSpecSays() {
    assertThat(ClientConfig.defaultPath(Map.of("XDG_CONFIG_HOME", "rel", "HOME", "/h")))
        .isEqualTo(Path.of("/h/.berth/config.json"));
  }

  @Test
  void otherwiseHomeFromTheEnvironmentNotJavasUserHome() {
    String javas = System.getProperty("user.home");
    Path home = Path.of("/not", "the", "password", "database");
    assertThat(home.toString()).isNotEqualTo(javas);

    assertThat(ClientConfig.defaultPath(Map.of("HOME", home.toString())))
        .isEqualTo(home.resolve(".berth/config.json"));
  }

  @Test
  void withoutHomeItSaysWhatToSet() {
    assertThatThrownBy(() -> ClientConfig.defaultPath(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HOME is not set")
        .hasMessageContaining("BERTH_CONFIG");
    assertThatThrownBy(() -> ClientConfig.defaultPath(Map.of("HOME", "relative")))
        .hasMessageContaining("not an absolute path");
  }

  @Test
  void theFileIs0600AndANewDirectory0700() throws Exception {
    Path file = tmp.resolve("home/.berth/config.json");

    new ClientConfig("http://127.0.0.1:7070", "berth_x").write(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(ClientConfig.read(file).orElseThrow().token()).isEqualTo("berth_x");
  }

  @Test
  void aFileFromAnEarlierVersionStillReads() throws Exception {
    Path file = tmp.resolve("config.json");
    Files.writeString(file, "{\"url\": \"http://127.0.0.1:7070\", \"token\": \"berth_old\"}");

    ClientConfig c = ClientConfig.read(file).orElseThrow();

    assertThat(c.url()).isEqualTo("http://127.0.0.1:7070");
    assertThat(c.token()).isEqualTo("berth_old");
    assertThat(c.others()).isEmpty();
  }

  @Test
  void switchingKeepsTheEarlierControlPlaneAndRoundTrips() throws Exception {
    var a = new ClientConfig.Target("http://127.0.0.1:7070", "berth_a", "/data/a");
    var b = new ClientConfig.Target("http://127.0.0.1:7071", "berth_b", "/data/b");
    Path file = tmp.resolve("config.json");

    new ClientConfig(a, List.of()).switchTo(b).write(file);
    ClientConfig read = ClientConfig.read(file).orElseThrow();

    assertThat(read.current()).isEqualTo(b);
    assertThat(read.others()).containsExactly(a);
    assertThat(read.at("http://127.0.0.1:7070")).containsExactly(a);
  }

  @Test
  void theSameDataDirectoryOrTokenReplacesItsOldEntry() {
    var a = new ClientConfig.Target("http://127.0.0.1:7070", "berth_a", "/data/a");
    var b = new ClientConfig.Target("http://127.0.0.1:7071", "berth_b", "/data/b");
    var aAgain = new ClientConfig.Target("http://127.0.0.1:7072", "berth_a2", "/data/a");
    var bMoved = new ClientConfig.Target("http://127.0.0.1:7073", "berth_b", "/data/b");

    ClientConfig c = new ClientConfig(a, List.of()).switchTo(b).switchTo(aAgain);
    assertThat(c.current()).isEqualTo(aAgain);
    assertThat(c.others()).containsExactly(b);

    assertThat(c.switchTo(bMoved).others()).containsExactly(aAgain);
  }

  @Test
  void aLoginReplacesAnEarlierLoginToTheSameUrlOnly() {
    var up = new ClientConfig.Target("http://h:7070", "berth_up", "/data/a");
    var login1 = new ClientConfig.Target("http://h:7070", "berth_l1", null);
    var login2 = new ClientConfig.Target("http://h:7070", "berth_l2", null);

    ClientConfig c = new ClientConfig(up, List.of()).switchTo(login1).switchTo(login2);

    assertThat(c.current()).isEqualTo(login2);
    assertThat(c.others()).containsExactly(up);
  }

  @Test
  void keepsAtMostEightOthers() {
    ClientConfig c = new ClientConfig(null, List.of());
    for (int i = 0; i < 20; i++) {
      c = c.switchTo(new ClientConfig.Target("http://h:" + i, "t" + i, "/d" + i));
    }
    assertThat(c.others()).hasSize(ClientConfig.MAX_OTHERS);
    assertThat(c.others().get(0).token()).isEqualTo("t18");
  }
}
