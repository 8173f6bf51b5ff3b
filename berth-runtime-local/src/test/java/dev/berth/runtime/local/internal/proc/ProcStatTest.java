package dev.berth.runtime.local.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
  private static final String LINE =
      "23497 (my (odd) app) S 23402 23497 23490 0 -1 4194304 199 0 0 0 12 30 0 0 20 0 1 0 95892"
          + " 2654208 404 18446744073709551615 1 1 0 0 0 0 0 65538 1 0 0 17 0 0 0 0 0 0";

  @Test
  void parsesFieldsAfterTheLastParenthesis() {
    ProcStat s = ProcStat.parse(LINE);
    assertThat(s.pid()).isEqualTo(23497);
    assertThat(s.state()).isEqualTo('S');
    assertThat(s.pgid()).isEqualTo(23497);
    assertThat(s.sid()).isEqualTo(23490);
    assertThat(s.cpuTicks()).isEqualTo(42);
    assertThat(s.startTicks()).isEqualTo(95892);
    assertThat(s.rssPages()).isEqualTo(404);
    assertThat(s.running()).isTrue();
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> ProcStat.parse("nonsense"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void procFsChecksIdentityByStartTime(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("23497"));
    Files.writeString(root.resolve("23497/stat"), LINE + "\n");
    Files.writeString(root.resolve("23497/status"), "Name:\tx\nVmRSS:\t  1024 kB\n");
    Files.writeString(root.resolve("stat"), "cpu 1 2 3\nbtime 1700000000\n");
    ProcFs fs = new ProcFs(root);
    assertThat(fs.isSameProcess(23497, 95892)).isTrue();
    assertThat(fs.isSameProcess(23497, 95893)).isFalse(); // the pid was reused
    assertThat(fs.isSameProcess(1, 95892)).isFalse();
    assertThat(fs.group(23497)).extracting(ProcStat::pid).containsExactly(23497L);
    assertThat(fs.rssBytes(23497)).isEqualTo(1024 * 1024);
    assertThat(fs.startedAt(95892))
        .contains(java.time.Instant.ofEpochSecond(1700000000L + 958, 920_000_000));
  }

  @Test
  void machineFactsReadMeminfoAndTheOwnCgroupLimit(@TempDir Path root) throws IOException {
    Path meminfo = root.resolve("meminfo");
    Files.writeString(meminfo, "MemTotal:       24731708 kB\nMemFree: 1 kB\n");
    assertThat(MachineFacts.memTotal(meminfo)).hasValue(24731708L * 1024);

    Path self = root.resolve("cgroup");
    Files.writeString(self, "4:memory:/process_api/abc\n0::/\n");
    Path mem = root.resolve("fs/memory/process_api/abc");
    Files.createDirectories(mem);
    Files.writeString(mem.resolve("memory.limit_in_bytes"), "1073741824\n");
    assertThat(MachineFacts.ownCgroupMemoryLimit(self, root.resolve("fs"))).hasValue(1L << 30);

    Files.writeString(self, "0::/user.slice/berth\n");
    Path v2 = root.resolve("fs/user.slice/berth");
    Files.createDirectories(v2);
    Files.writeString(v2.resolve("memory.max"), "max\n");
    assertThat(MachineFacts.ownCgroupMemoryLimit(self, root.resolve("fs"))).isEmpty();
  }
}
