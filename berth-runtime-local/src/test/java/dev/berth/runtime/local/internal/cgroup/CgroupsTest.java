package dev.berth.runtime.local.internal.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.Resources;
import dev.berth.runtime.local.internal.proc.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection and limit files against fake cgroup trees (plain directories). */
class CgroupsTest {
  @TempDir Path root;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<Long> killed = new ArrayList<>();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private Cgroups detect(String mountinfo, String selfCgroup) throws IOException {
    return explain(mountinfo, selfCgroup).cgroups();
  }

  private CgroupDetector.Detection explain(String mountinfo, String selfCgroup) throws IOException {
    Path mi = root.resolve("mountinfo");
    Path sc = root.resolve("self-cgroup");
    Files.writeString(mi, mountinfo.replace("$ROOT", root.toString()));
    Files.writeString(sc, selfCgroup);
    return new CgroupDetector(mi, sc, 77, killed::add, executor).explain();
  }

  private static final String HYBRID =
      "32 31 0:29 / $ROOT/cpu rw,relatime - cgroup cgroup rw,cpu\n"
          + "33 31 0:30 / $ROOT/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
          + "35 31 0:32 / $ROOT/memory rw,relatime - cgroup cgroup rw,memory\n"
          + "41 31 0:38 / $ROOT/unified rw,relatime - cgroup2 cgroup2 rw\n"
          + "42 31 0:39 / /proc rw - proc proc rw\n";

  @Test
  void v1NestsUnderTheControlPlanesOwnCgroupAndWritesLimits() throws IOException {
    CgroupDetector.Detection d =
        explain(HYBRID, "4:memory:/process_api/abc\n2:cpuacct:/\n1:cpu:/\n0::/\n");
    Cgroups c = d.cgroups();
    assertThat(c.kind()).isEqualTo("v1");
    assertThat(c.limitsCpu()).isTrue();
    assertThat(d.why()).startsWith("v1: replicas under " + root.resolve("memory/process_api/abc"));

    CgroupHandle h = c.create("web-1", new Resources(250, 64L << 20, 500, 64L << 20)).orElseThrow();
    Path mem = root.resolve("memory/process_api/abc/berth/web-1");
    Path cpu = root.resolve("cpu/berth/web-1");
    assertThat(Files.readString(mem.resolve("memory.limit_in_bytes")))
        .isEqualTo(Long.toString(64L << 20));
    assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
    assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
    assertThat(h.procsFiles())
        .containsExactly(
            mem.resolve("cgroup.procs"),
            cpu.resolve("cgroup.procs"),
            root.resolve("cpuacct/berth/web-1/cgroup.procs"));

    Files.writeString(
        mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    assertThat(h.oomKills()).isEqualTo(2);
    Files.writeString(mem.resolve("memory.usage_in_bytes"), "5000\n");
    Files.writeString(mem.resolve("memory.stat"), "cache 9\ntotal_inactive_file 1000\n");
    Files.writeString(root.resolve("cpuacct/berth/web-1/cpuacct.usage"), "123456\n");
    assertThat(h.usage()).isEqualTo(new Usage(123456, 4000));

    Files.writeString(mem.resolve("cgroup.procs"), "11\n12\n");
    h.killAll();
    assertThat(killed).contains(11L, 12L);
    assertThat(c.open("web-1")).isPresent();
    assertThat(c.open("web-2")).isEmpty();
  }

  @Test
  void aNewRunReusingTheCgroupIsNeverKilledByTheOldRunsCleanUp() throws Exception {
    Cgroups c = detect(HYBRID, "4:memory:/process_api/abc\n2:cpuacct:/\n1:cpu:/\n0::/\n");
    Path mem = root.resolve("memory/process_api/abc/berth/web-1");
    CgroupHandle old = c.create("web-1", Resources.DEFAULT).orElseThrow();
    Files.writeString(mem.resolve("cgroup.procs"), "11\n"); // a task still leaving: rmdir fails
    old.release(); // kills 11 and retries the rmdir every 100 ms
    killed.clear();
    c.create("web-1", Resources.DEFAULT).orElseThrow(); // the restart reuses the directory
    Files.writeString(mem.resolve("cgroup.procs"), "12\n"); // the new run
    executor.schedule(() -> null, 500, java.util.concurrent.TimeUnit.MILLISECONDS).get();
    assertThat(killed).doesNotContain(12L);
    assertThat(mem).isDirectory();
  }

  @Test
  void v2EnablesControllersAndWritesLimits() throws IOException {
    Files.createDirectories(root.resolve("cg/system.slice/berth.service"));
    Cgroups c =
        detect(
            "41 31 0:38 / $ROOT/cg rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n",
            "0::/system.slice/berth.service\n");
    assertThat(c.kind()).isEqualTo("v2");
    Path own = root.resolve("cg/system.slice/berth.service");
    assertThat(Files.readString(own.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");
    assertThat(Files.readString(own.resolve("berth/cgroup.subtree_control"))).isEqualTo("+cpu");

    CgroupHandle h =
        c.create("web-1", new Resources(250, 64L << 20, 1500, 64L << 20)).orElseThrow();
    Path dir = own.resolve("berth/web-1");
    assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo(Long.toString(64L << 20));
    assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("150000 100000");
    assertThat(Files.readString(dir.resolve("memory.oom.group"))).isEqualTo("1");
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    assertThat(h.oomKills()).isEqualTo(1);
    Files.writeString(dir.resolve("cpu.stat"), "usage_usec 2000\nuser_usec 1000\n");
    Files.writeString(dir.resolve("memory.current"), "8000\n");
    Files.writeString(dir.resolve("memory.stat"), "anon 1\ninactive_file 3000\n");
    assertThat(h.usage()).isEqualTo(new Usage(2_000_000, 5000));
    assertThat(h.procsFiles()).containsExactly(dir.resolve("cgroup.procs"));
  }

  @Test
  void noCgroupMountMeansNoneAndSaysSo() throws IOException {
    CgroupDetector.Detection d = explain("42 31 0:39 / /proc rw - proc proc rw\n", "0::/\n");
    assertThat(d.cgroups().kind()).isEqualTo("none");
    assertThat(d.cgroups().limitsCpu()).isFalse();
    assertThat(d.why()).startsWith("no cgroup hierarchy is mounted");
  }

  @Test
  void anUnwritableHierarchyMeansNoneAndSaysWhy() throws IOException {
    Files.writeString(root.resolve("memory"), "not a directory");
    CgroupDetector.Detection d = explain(HYBRID, "4:memory:/x\n0::/\n");
    assertThat(d.cgroups().kind()).isEqualTo("none");
    assertThat(d.why()).startsWith("cgroups mounted but not usable: ").contains("memory");
  }

  @Test
  void quotaIsAtLeastOneMillisecondPerPeriod() {
    assertThat(CgroupsV1.quotaUs(1)).isEqualTo(1000);
    assertThat(CgroupsV1.quotaUs(2000)).isEqualTo(200_000);
  }
}
