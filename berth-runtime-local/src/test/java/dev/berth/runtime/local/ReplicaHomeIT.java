package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.engine.runtime.ReplicaState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 9: a deployed app must not find the control plane's admin token through {@code ~}
 * or the XDG directories. A real replica of a control plane whose {@code HOME} holds {@code
 * .berth/config.json} and whose {@code XDG_CONFIG_HOME} holds {@code berth/config.json}.
 */
class ReplicaHomeIT {
  @TempDir Path tmp;
  private RuntimeFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aReplicaHasItsOwnPrivateHomeAndTmpAndCannotReadTheTokenThroughThem() throws Exception {
    Path home = tmp.resolve("operator");
    Files.createDirectories(home.resolve(".berth"));
    Files.writeString(home.resolve(".berth/config.json"), "{\"token\":\"admin-secret-1\"}");
    Path xdg = tmp.resolve("xdg");
    Files.createDirectories(xdg.resolve("berth"));
    Files.writeString(xdg.resolve("berth/config.json"), "{\"token\":\"admin-secret-2\"}");
    fx =
        new RuntimeFixture(
            tmp,
            c -> c,
            Map.of(
                "HOME", home.toString(),
                "XDG_CONFIG_HOME", xdg.toString(),
                "TMPDIR", tmp.toString()));
    String cmd =
        "cat ~/.berth/config.json 2>&1; cat \"${XDG_CONFIG_HOME:-$HOME/.config}/berth/config.json\""
            + " 2>&1; echo \"HOME=$HOME TMPDIR=$TMPDIR XDG=${XDG_CONFIG_HOME:-none}\";"
            + " echo scratch > \"$TMPDIR/f\" && echo > ~/.profile && echo written; exec sleep 30";
    fx.runtime.ensure(fx.worker("worker-home", cmd));
    fx.await("worker-home", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.logText("worker-home").contains("written"));

    Path service = fx.dataDir.resolve("apps/shop/test/worker");
    assertThat(String.join("\n", fx.logText("worker-home")))
        .doesNotContain("admin-secret")
        .contains(
            "HOME="
                + service.resolve("home").toRealPath()
                + " TMPDIR="
                + service.resolve("tmp").toRealPath()
                + " XDG=none");
    assertThat(service.resolve("tmp/f")).hasContent("scratch");
    for (Path dir :
        new Path[] {
          fx.dataDir.resolve("apps"), service, service.resolve("home"), service.resolve("tmp")
        }) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .as(dir.toString())
          .isEqualTo("rwx------");
    }
  }
}
