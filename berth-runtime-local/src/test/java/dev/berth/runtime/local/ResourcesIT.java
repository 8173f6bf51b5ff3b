package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.NodeCapacity;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.cgroup.InstallationCgroups;
import dev.berth.runtime.local.internal.cgroup.NoCgroups;
import dev.berth.runtime.local.internal.supervise.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourcesIT {
  private static final long MI = 1024 * 1024;
  @TempDir Path tmp;
  private RuntimeFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  private static final HealthCheck NONE = HealthCheck.of(HealthCheck.Kind.NONE, "");

  @Test
  void overTheMemoryLimitInACgroupIsOomKilledThenBacksOff() {
    CgroupSupport.assumeMemoryLimits("overTheMemoryLimitInACgroupIsOomKilledThenBacksOff");
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(
        fx.spec(
            "worker-oom",
            ServiceType.WORKER,
            "head -c 300M /dev/zero | tail",
            NONE,
            new Resources(100, 64 * MI, 0, 64 * MI)));
    ReplicaStatus st = fx.await("worker-oom", s -> s.lastExit() != null, Duration.ofSeconds(15));
    assertThat(st.lastExit().reason()).isEqualTo("OOMKilled");
    assertThat(st.lastExit().code()).isEqualTo(137);
    assertThat(st.state()).isIn(ReplicaState.BACKOFF, ReplicaState.STARTING, ReplicaState.RUNNING);
    assertThat(fx.history("worker-oom"))
        .anyMatch(s -> s.state() == ReplicaState.BACKOFF && s.reason().equals("CrashLoopBackOff"));
  }

  @Test
  void withoutCgroupsTheRssWatcherEnforcesTheMemoryLimit() {
    fx = new RuntimeFixture(tmp, c -> c.withCgroups(false));
    String cmd = TestApps.install(fx.workDir, "hog.pl", TestApps.MEMORY_HOG);
    fx.runtime.ensure(
        fx.spec(
            "worker-hog", ServiceType.WORKER, cmd, NONE, new Resources(100, 64 * MI, 0, 64 * MI)));
    ReplicaStatus st = fx.await("worker-hog", s -> s.lastExit() != null, Duration.ofSeconds(15));
    assertThat(st.lastExit().reason()).isEqualTo("OOMKilled");
    assertThat(st.lastExit().message()).contains("RSS");
    assertThat(st.lastExit().code()).isEqualTo(137);
  }

  @Test
  void aCpuLimitInACgroupThrottlesTheReplica() {
    CgroupSupport.assumeCpuLimits("aCpuLimitInACgroupThrottlesTheReplica");
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(busy("worker-busy"));
    // a CFS quota of 200m keeps a busy loop near 200 millicores, averaged over a few samples
    assertThat(averageCpuMillis("worker-busy", 4)).isBetween(100L, 350L);
  }

  @Test
  void usageIsSampledWithoutCgroupsAndTheCpuLimitIsNotClaimed() {
    // without cgroups a CPU limit is not enforced: only say what is true, that usage is sampled
    fx = new RuntimeFixture(tmp, c -> c.withCgroups(false));
    fx.runtime.ensure(busy("worker-busy"));
    ReplicaStatus st =
        fx.await(
            "worker-busy", s -> s.cpuMillis() > 0 && s.memoryBytes() > 0, Duration.ofSeconds(10));
    assertThat(st.cpuMillis()).isPositive();
    assertThat(st.memoryBytes()).isPositive();
    assertThat(fx.runtime.summary()).startsWith("cgroups none");
  }

  private ReplicaSpec busy(String id) {
    return fx.spec(
        id, ServiceType.WORKER, "while :; do :; done", NONE, new Resources(200, 64 * MI, 200, 0));
  }

  /** The mean of {@code samples} distinct CPU samples of a replica, in millicores. */
  private long averageCpuMillis(String id, int samples) {
    fx.await(id, s -> s.cpuMillis() > 0 && s.memoryBytes() > 0, Duration.ofSeconds(10));
    long[] sum = {0};
    int[] n = {0};
    long[] lastSeen = {-2};
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              ReplicaStatus s = RuntimeFixture.find(fx.runtime, id).orElseThrow();
              if (s.cpuMillis() >= 0 && s.cpuMillis() != lastSeen[0]) {
                sum[0] += s.cpuMillis();
                n[0]++;
                lastSeen[0] = s.cpuMillis();
              }
              return n[0] >= samples;
            });
    return sum[0] / n[0];
  }

  @Test
  void theCgroupIsRemovedWhenTheReplicaTerminates() throws Exception {
    CgroupSupport.assumeMemoryLimits("theCgroupIsRemovedWhenTheReplicaTerminates");
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(fx.worker("worker-cg", "exec sleep 30"));
    ReplicaStatus st =
        fx.await("worker-cg", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    // the launch prelude moves the shell into the cgroup before it execs the command
    Path dir =
        await()
            .atMost(Duration.ofSeconds(3))
            .until(
                () -> cgroupDirOf(st.pid()),
                d -> d.getFileName().toString().endsWith("-worker-cg"));
    // named after the data directory too: another control plane's worker-cg is another cgroup
    assertThat(dir.getFileName().toString())
        .isEqualTo(
            new InstallationCgroups(new NoCgroups(), Installation.of(fx.dataDir).marker())
                .name("worker-cg"));
    assertThat(dir.getParent().getFileName().toString()).isEqualTo("berth");
    fx.runtime.stop("worker-cg", null, Duration.ofMillis(200));
    fx.await("worker-cg", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(3)).until(() -> !Files.exists(dir));
  }

  /** The memory cgroup directory of a process, from /proc/PID/cgroup. */
  private static Path cgroupDirOf(long pid) throws Exception {
    try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/cgroup"))) {
      String line =
          lines
              .filter(l -> l.contains(":memory:") || l.startsWith("0::"))
              .findFirst()
              .orElseThrow();
      String rel = line.substring(line.lastIndexOf(':') + 1);
      Path v1 = Path.of("/sys/fs/cgroup/memory" + rel);
      return Files.isDirectory(v1) ? v1 : Path.of("/sys/fs/cgroup" + rel);
    }
  }

  @Test
  void nodeIsTheMachineMinusTheReserve() {
    fx = new RuntimeFixture(tmp);
    NodeCapacity node = fx.runtime.nodes().get(0);
    assertThat(node.name()).isEqualTo("local");
    assertThat(node.cpuMillis())
        .isEqualTo(java.lang.Runtime.getRuntime().availableProcessors() * 1000L);
    assertThat(node.memoryBytes()).isPositive();
    assertThat(node.allocatableCpuMillis())
        .isEqualTo(node.cpuMillis() - fx.config.reservedCpuMillis());
    assertThat(node.allocatableMemoryBytes())
        .isEqualTo(node.memoryBytes() - fx.config.reservedMemoryBytes());
  }
}
