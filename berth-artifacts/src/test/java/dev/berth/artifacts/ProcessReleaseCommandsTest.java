package dev.berth.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.release.ReleaseCommands;
import dev.berth.engine.store.EnvironmentKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release commands as real processes: success, failure with its output, timeout, environment. */
class ProcessReleaseCommandsTest {
  @TempDir Path tmp;
  final EnvironmentKey env = new EnvironmentKey("shop", "production");
  ProcessReleaseCommands commands;

  @AfterEach
  void close() {
    if (commands != null) {
      commands.close();
    }
  }

  ReleaseCommands.Outcome run(String command, Duration timeout) throws Exception {
    commands =
        new ProcessReleaseCommands(
            tmp.resolve("releases"), tmp.resolve("volumes"), Duration.ofMillis(200));
    Path code = Files.createDirectories(tmp.resolve("code"));
    Files.writeString(code.resolve("marker.txt"), "from the release's code\n");
    CompletableFuture<ReleaseCommands.Outcome> done = new CompletableFuture<>();
    commands.start(
        new ReleaseCommands.Run(env, 4, command, code, Map.of("DATABASE", "shop"), timeout),
        done::complete);
    return done.get(60, TimeUnit.SECONDS); // a hang guard, not a performance bound
  }

  @Test
  void aCommandThatExitsZeroSucceedsAndItsOutputIsKept() throws Exception {
    ReleaseCommands.Outcome o =
        run(
            "cat marker.txt; echo db=$DATABASE release=$BERTH_RELEASE; test -d \"$BERTH_SHARED_DIR\""
                + " && echo shared",
            Duration.ofMinutes(1));

    assertThat(o.succeeded()).as(o.toString()).isTrue();
    assertThat(commands.output(env, 4, 10))
        .containsExactly("from the release's code", "db=shop release=", "shared");
  }

  @Test
  void aCommandThatFailsSaysHowWithItsLastLines() throws Exception {
    ReleaseCommands.Outcome o =
        run("echo connecting; echo 'no such table' >&2; exit 3", Duration.ofMinutes(1));

    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).isEqualTo("exited with status 3");
    assertThat(o.lastLines()).containsExactly("connecting", "no such table");
  }

  @Test
  void aCommandThatHangsIsStoppedAtItsTimeout() throws Exception {
    ReleaseCommands.Outcome o = run("echo started; sleep 600", Duration.ofMillis(500));

    assertThat(o.succeeded()).isFalse();
    assertThat(o.reason()).contains("did not finish within", "release.timeout");
    assertThat(o.lastLines()).containsExactly("started");
  }
}
