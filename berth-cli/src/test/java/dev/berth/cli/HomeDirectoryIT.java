package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth up} as a user with another {@code $HOME} starts it: the config and the data go under
 * that {@code $HOME} (not Java's {@code user.home}), the data directory is 0700 and the config
 * 0600, and a second control plane with another {@code --data-dir} keeps the first one's token.
 */
class HomeDirectoryIT {
  @TempDir Path tmp;
  private final List<Process> ups = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : ups) {
      p.destroy();
      p.waitFor();
    }
  }

  private BerthCommand asUserWithHome(Path home) {
    BerthCommand b = new BerthCommand(tmp);
    b.env.remove("BERTH_CONFIG");
    b.unset.addAll(List.of("BERTH_CONFIG", "XDG_CONFIG_HOME", "BERTH_DATA_DIR", "BERTH_URL"));
    b.unset.add("BERTH_TOKEN");
    b.env.put("HOME", home.toString());
    return b;
  }

  private Process up(BerthCommand berth, Path log, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("up", "--stop-grace", "2s"));
    args.addAll(List.of("--api-port", Integer.toString(BerthCommand.freePort())));
    args.addAll(List.of("--router-port", Integer.toString(BerthCommand.freePort())));
    args.addAll(List.of(more));
    Process p = berth.start(tmp, log, args.toArray(String[]::new));
    ups.add(p);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.readString(log).contains("Berth is up") || !p.isAlive());
    assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
    return p;
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void homeFromTheEnvironmentHoldsConfigAndDataOwnerOnlyAndTwoControlPlanesKeepTheirTokens()
      throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path berthDir = Files.createDirectory(home.resolve(".berth"));
    Files.setPosixFilePermissions(berthDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    BerthCommand berth = asUserWithHome(home);
    Path log1 = tmp.resolve("up1.log");

    up(berth, log1);

    String banner = Files.readString(log1);
    assertThat(banner).contains("Data     " + berthDir).contains("made it rwx------ (0700)");
    assertThat(mode(berthDir)).isEqualTo("rwx------");
    Path config = berthDir.resolve("config.json");
    assertThat(mode(config)).isEqualTo("rw-------");
    assertThat(berthDir.resolve("berth.db")).exists();
    JsonNode first = Json.mapper().readTree(config.toFile());
    assertThat(banner).contains(first.path("token").asText());
    BerthCommand.Result events = berth.run(tmp, "events");
    assertThat(events.exit()).as(events.toString()).isZero();

    Path log2 = tmp.resolve("up2.log");
    up(berth, log2, "--data-dir", tmp.resolve("other").toString());

    assertThat(Files.readString(log2))
        .contains("now points at this control plane")
        .contains(first.path("url").asText())
        .contains("berth login --url " + first.path("url").asText());
    assertThat(mode(tmp.resolve("other"))).isEqualTo("rwx------");
    JsonNode second = Json.mapper().readTree(config.toFile());
    assertThat(second.path("token").asText()).isNotEqualTo(first.path("token").asText());
    assertThat(second.path("others").get(0).path("token").asText())
        .isEqualTo(first.path("token").asText());

    // switching back needs no token typed: stdin is /dev/null, so a prompt would fail
    BerthCommand.Result back = berth.run(tmp, "login", "--url", first.path("url").asText());
    assertThat(back.exit()).as(back.toString()).isZero();
    assertThat(back.err()).contains("pointed at " + second.path("url").asText());
    JsonNode after = Json.mapper().readTree(config.toFile());
    assertThat(after.path("token").asText()).isEqualTo(first.path("token").asText());
    assertThat(after.path("others").get(0).path("token").asText())
        .isEqualTo(second.path("token").asText());
  }
}
