package dev.berth.runtime.local.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KillSignallerTest {
  @Test
  void manyGroupsGoIntoFewKillCommands() {
    List<Long> groups = LongStream.rangeClosed(101, 1100).boxed().toList();
    List<List<String>> cmds = KillSignaller.commands("/usr/bin/kill", Signal.TERM, groups, 256);
    assertThat(cmds).hasSize(4);
    assertThat(cmds.get(0)).startsWith("/usr/bin/kill", "-s", "TERM", "--", "-101").hasSize(260);
    assertThat(cmds.get(3)).endsWith("-1100");
    assertThat(cmds.stream().mapToInt(c -> c.size() - 4).sum()).isEqualTo(1000);
  }

  @Test
  void withoutProcpsTheShellBuiltinGetsEveryGroup() {
    assertThat(KillSignaller.commands(null, Signal.KILL, List.of(5L, 6L, 5L), 256))
        .containsExactly(List.of("sh", "-c", "kill -s \"$0\" -- \"$@\"", "KILL", "-5", "-6"));
  }

  @Test
  void groupsZeroAndOneAreRefused() {
    assertThatThrownBy(() -> KillSignaller.commands("/bin/kill", Signal.KILL, List.of(7L, 1L), 9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KillSignaller.commands("/bin/kill", Signal.KILL, List.of(0L), 9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theShellFallbackSignalsEveryGroupForReal() throws Exception {
    Process a = new ProcessBuilder("setsid", "sleep", "60").start();
    Process b = new ProcessBuilder("setsid", "sleep", "60").start();
    try {
      // setsid makes each its own group only once it runs: signalling a group before it exists
      // fails (a race this test lost on a loaded machine)
      awaitGroupLeader(a.pid());
      awaitGroupLeader(b.pid());
      for (List<String> argv :
          KillSignaller.commands(null, Signal.TERM, List.of(a.pid(), b.pid()), 256)) {
        assertThat(new ProcessBuilder(argv).start().waitFor()).isZero();
      }
      assertThat(a.waitFor()).isEqualTo(143);
      assertThat(b.waitFor()).isEqualTo(143);
    } finally {
      a.destroyForcibly();
      b.destroyForcibly();
    }
  }

  /** Waits (at most 10 s, a hang guard) until {@code pid} leads its own process group. */
  static void awaitGroupLeader(long pid) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (Long.parseLong(f[2]) == pid) { // field 5: pgrp
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("process " + pid + " never became a process group leader");
  }
}
