package dev.berth.runtime.local.internal.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes started through a {@code setsid} that takes 300 ms before it does anything: a
 * launch that returned as soon as the JVM had forked would hand back a process that is not yet the
 * leader of its session, not in its cgroup and not writing to its log (issue 7: ProcessIT once saw
 * the replica before {@code setsid} had made it a session leader; AdoptionIT once saw a leftover
 * join a new run's cgroup after that cgroup was cleared).
 */
class OsProcessLauncherIT {
  @TempDir Path tmp;
  private ScheduledExecutorService poller;
  private final List<RunningProcess> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    poller = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void tearDown() {
    for (RunningProcess p : started) {
      ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
    poller.shutdownNow();
  }

  private Path slowSetsid() throws IOException {
    Path s = tmp.resolve("slow-setsid");
    Files.writeString(s, "#!/bin/sh\nsleep 0.3\nexec setsid \"$@\"\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
    return s;
  }

  private Path fifo(String name) throws Exception {
    Path p = tmp.resolve(name);
    Process mk = new ProcessBuilder("mkfifo", "-m", "600", p.toString()).start();
    assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mk.exitValue()).isZero();
    return p;
  }

  private RunningProcess launch(OsProcessLauncher l, String cmd, Path pipe, List<Path> cgroups)
      throws LaunchException {
    RunningProcess p =
        l.launch(new LaunchRequest(cmd, tmp, Map.of("PATH", System.getenv("PATH")), pipe, cgroups));
    started.add(p);
    return p;
  }

  @Test
  void returnsOnlyOnceTheProcessLeadsItsSessionIsInItsCgroupAndWritesToItsPipe() throws Exception {
    OsProcessLauncher l =
        new OsProcessLauncher(
            ProcFs.system(), poller, slowSetsid().toString(), Duration.ofSeconds(10));
    Path pipe = fifo("out.pipe");
    Path procs = tmp.resolve("cgroup.procs"); // a fake cgroup file: the prelude writes its pid
    Files.writeString(procs, "");

    RunningProcess p = launch(l, "sleep 30", pipe, List.of(procs));

    ProcStat st = ProcFs.system().stat(p.pid()).orElseThrow();
    assertThat(st.sid()).as("session").isEqualTo(p.pid());
    assertThat(st.pgid()).as("group").isEqualTo(p.pid());
    assertThat(p.startTicks()).isEqualTo(st.startTicks());
    assertThat(Files.readString(procs).trim()).isEqualTo(Long.toString(p.pid()));
    // stdout is the log pipe opened read-write: no SIGPIPE even when no control plane reads it
    assertThat(Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/fd/1"))).isEqualTo(pipe);
    assertThat(openFlags(p.pid(), 1) & 3).as("O_RDWR").isEqualTo(2);
  }

  private static int openFlags(long pid, int fd) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/" + fd))) {
      if (line.startsWith("flags:")) {
        return Integer.parseInt(line.substring(6).trim(), 8);
      }
    }
    throw new IllegalStateException("no flags in fdinfo");
  }

  @Test
  void aCgroupThePreludeCannotEnterFailsTheStartWithTheShellsWords() throws Exception {
    OsProcessLauncher l = new OsProcessLauncher(ProcFs.system(), poller);
    Path pipe = fifo("out.pipe");
    Path missing = tmp.resolve("no-such-cgroup/cgroup.procs");

    assertThatThrownBy(() -> launch(l, "sleep 30", pipe, List.of(missing)))
        .isInstanceOf(LaunchException.class)
        .hasMessageStartingWith("cannot start the process: ")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aProcessThatIsNotSetUpInTimeIsKilledWithAClearError() throws Exception {
    Path stuck = tmp.resolve("stuck-setsid");
    Files.writeString(stuck, "#!/bin/sh\nexec sleep 30\n");
    Files.setPosixFilePermissions(stuck, PosixFilePermissions.fromString("rwx------"));
    OsProcessLauncher l =
        new OsProcessLauncher(ProcFs.system(), poller, stuck.toString(), Duration.ofMillis(500));
    Path pipe = fifo("out.pipe");

    assertThatThrownBy(() -> launch(l, "sleep 30", pipe, List.of()))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("was not set up within")
        .hasMessageContaining("was killed");
  }

  @Test
  void aCommandThatExitsAtOnceIsStillAStartedProcess() throws Exception {
    OsProcessLauncher l = new OsProcessLauncher(ProcFs.system(), poller);
    Path pipe = fifo("out.pipe");
    try (var drain =
        java.nio.channels.FileChannel.open(
            pipe, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      RunningProcess p = launch(l, "exit 3", pipe, List.of());
      assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }
  }
}
