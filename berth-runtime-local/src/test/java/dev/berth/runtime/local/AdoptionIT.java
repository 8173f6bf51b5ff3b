package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.logs.LogLine;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.runtime.Incarnation;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.ProcFs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdoptionIT {
  @TempDir Path tmp;

  @Test
  void aRestartedControlPlaneAdoptsTheRunningProcessThenStopsIt() {
    RuntimeFixture first = new RuntimeFixture(tmp);
    String cmd = TestApps.install(first.workDir, "server.pl", TestApps.HTTP_SERVER);
    HealthCheck http =
        RuntimeFixture.check(
            HealthCheck.Kind.HTTP, "/health", Duration.ofMillis(500), Duration.ofSeconds(10));
    ReplicaSpec spec = first.spec("web-keep", ServiceType.WEB, cmd, http);
    first.runtime.ensure(spec);
    ReplicaStatus before = first.await("web-keep", ReplicaStatus::ready, Duration.ofSeconds(10));
    Incarnation inc = before.incarnation();
    first.runtime.close(); // the control plane dies; --keep-running semantics
    assertThat(ProcFs.system().isSameProcess(inc.pid(), inc.startTicks())).isTrue();

    RuntimeFixture second = new RuntimeFixture(tmp);
    try {
      Instant adoptedAt = Instant.now();
      second.runtime.ensure(spec.withLastKnown(inc));
      ReplicaStatus adopted =
          second.await("web-keep", ReplicaStatus::ready, Duration.ofSeconds(10));
      assertThat(adopted.pid()).isEqualTo(inc.pid());
      assertThat(adopted.port()).isEqualTo(inc.port());
      assertThat(adopted.restarts()).isZero();
      assertThat(adopted.message()).contains("adopted");
      // the new control plane keeps indexing the log: probes of the adopted process show up
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  second
                      .runtime
                      .read(new LogQuery(List.of("web-keep"), adoptedAt, null, 100))
                      .lines()
                      .stream()
                      .map(LogLine::text)
                      .anyMatch(t -> t.startsWith("hit GET /health")));

      second.runtime.stop("web-keep", inc, Duration.ofSeconds(1));
      ReplicaStatus st =
          second.await(
              "web-keep", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(5));
      assertThat(st.lastExit().code()).isEqualTo(-1);
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> !ProcFs.system().isSameProcess(inc.pid(), inc.startTicks()));
    } finally {
      second.close();
    }
  }

  /**
   * The replica's pipe file was deleted while no control plane ran: adoption makes a new pipe the
   * replica never opened, so draining that one would leave the replica blocked for good once 64 KiB
   * of output wait in the old pipe. It is drained through {@code /proc/PID/fd/1} instead, and 200
   * KiB written after the adoption all reach the log.
   */
  @Test
  void anAdoptedReplicaWhosePipeFileWasDeletedIsDrainedFromThePipeItWritesTo() throws Exception {
    RuntimeFixture first = new RuntimeFixture(tmp);
    Path go = tmp.resolve("go");
    String pad = "x".repeat(90);
    String cmd =
        "while [ ! -e '"
            + go
            + "' ]; do sleep 0.05; done; i=0; while [ $i -lt 2000 ]; do echo \"line $i "
            + pad
            + "\"; i=$((i+1)); done; echo done; exec sleep 300";
    ReplicaSpec spec = first.worker("worker-unpiped", cmd);
    first.runtime.ensure(spec);
    Incarnation inc =
        first
            .await("worker-unpiped", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(10))
            .incarnation();
    first.runtime.close(); // the control plane dies, the replica keeps running
    Path pipe =
        dev.berth.runtime.local.internal.logs.LogFiles.of(
                first.dataDir.resolve("logs"), "shop", "test", "worker", "worker-unpiped")
            .pipe();
    assertThat(pipe).exists();
    java.nio.file.Files.delete(pipe);

    RuntimeFixture second = new RuntimeFixture(tmp);
    try {
      second.runtime.ensure(spec.withLastKnown(inc));
      ReplicaStatus adopted =
          second.await(
              "worker-unpiped", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(10));
      assertThat(adopted.pid()).isEqualTo(inc.pid());
      java.nio.file.Files.createFile(go);
      // a hang guard, not a speed limit: 200 KiB take milliseconds once drained
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> second.logText("worker-unpiped").contains("done"));
      List<String> lines = second.logText("worker-unpiped");
      assertThat(lines).contains("line 0 " + pad, "line 1999 " + pad);
      assertThat(lines.stream().filter(l -> l.startsWith("line "))).hasSize(2000);
    } finally {
      second.runtime.stop("worker-unpiped", inc, Duration.ofMillis(200));
      second.close();
      if (ProcFs.system().isSameProcess(inc.pid(), inc.startTicks())) {
        ProcessHandle.of(inc.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /**
   * A replica that writes all the time keeps running and keeps every line while no control plane
   * drains its pipe (it holds a read end itself, so it never gets SIGPIPE; its writes block once
   * the pipe is full) and after the next control plane adopts it.
   */
  @Test
  void anAdoptedReplicaKeepsWritingToItsLogWithoutLosingALine() throws Exception {
    RuntimeFixture first = new RuntimeFixture(tmp);
    String counter =
        "exec perl -e '$| = 1; $SIG{PIPE} = sub { print STDERR \"SIGPIPE\\n\"; exit 99 };"
            + " for (my $i = 0; ; $i++) { printf \"n=%d %s\\n\", $i, \"p\" x 40;"
            + " select(undef, undef, undef, 0.001) if $i % 2 == 0 }'";
    ReplicaSpec spec = first.worker("worker-talk", counter);
    first.runtime.ensure(spec);
    Incarnation inc =
        first
            .await("worker-talk", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5))
            .incarnation();
    await().atMost(Duration.ofSeconds(5)).until(() -> first.logText("worker-talk").size() > 100);
    first.runtime.close();
    Thread.sleep(2000); // up to ~90 KB/s: the 64 KiB pipe fills and the replica's writes block
    assertThat(ProcFs.system().isSameProcess(inc.pid(), inc.startTicks())).isTrue();

    RuntimeFixture second = new RuntimeFixture(tmp);
    try {
      second.runtime.ensure(spec.withLastKnown(inc));
      second.await("worker-talk", s -> s.pid() == inc.pid(), Duration.ofSeconds(5));
      long atAdoption = lastNumber(second);
      await().atMost(Duration.ofSeconds(20)).until(() -> lastNumber(second) > atAdoption + 1000);
      assertThat(ProcFs.system().isSameProcess(inc.pid(), inc.startTicks())).isTrue();
      List<String> lines =
          second
              .runtime
              .read(new LogQuery(List.of("worker-talk"), null, null, 1_000_000))
              .lines()
              .stream()
              .map(LogLine::text)
              .toList();
      for (int i = 0; i < lines.size(); i++) {
        assertThat(number(lines.get(i))).as("line %d: %s", i, lines.get(i)).isEqualTo(i);
      }
    } finally {
      second.runtime.stopAll(Duration.ofSeconds(1));
      second.close();
    }
  }

  private static long lastNumber(RuntimeFixture fx) {
    List<LogLine> last =
        fx.runtime.read(new LogQuery(List.of("worker-talk"), null, null, 1)).lines();
    return last.isEmpty() ? -1 : number(last.get(0).text());
  }

  private static long number(String line) {
    assertThat(line).startsWith("n=");
    return Long.parseLong(line.substring(2, line.indexOf(' ')));
  }

  @Test
  void aProcessStartedButNeverRecordedIsKilledBeforeTheReplicaStartsAgain() {
    RuntimeFixture first = new RuntimeFixture(tmp);
    CgroupSupport.assumeMemoryLimits(
        "aProcessStartedButNeverRecordedIsKilledBeforeTheReplicaStartsAgain");
    first.runtime.ensure(first.worker("worker-lost", "exec sleep 30"));
    long leftover =
        first
            .await("worker-lost", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5))
            .pid();
    first.runtime.close(); // died before its status was recorded: the next one knows no pid

    RuntimeFixture second = new RuntimeFixture(tmp);
    try {
      second.runtime.ensure(second.worker("worker-lost", "exec sleep 30"));
      ReplicaStatus fresh =
          second.await(
              "worker-lost", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
      assertThat(fresh.pid()).isNotEqualTo(leftover);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> ProcFs.system().stat(leftover).map(st -> st.state() == 'Z').orElse(true));
    } finally {
      second.runtime.stopAll(Duration.ofSeconds(1));
      second.close();
    }
  }

  @Test
  void stopOfAnUnknownReplicaKillsItsLeftoverButNeverAReusedPid() throws Exception {
    RuntimeFixture first = new RuntimeFixture(tmp);
    first.runtime.ensure(first.worker("worker-left", "exec sleep 30"));
    Incarnation inc =
        first
            .await("worker-left", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5))
            .incarnation();
    first.runtime.close();

    RuntimeFixture second = new RuntimeFixture(tmp);
    Process stranger = new ProcessBuilder("sleep", "30").start();
    try {
      // the pid of a gone replica now belongs to another process (start time differs):
      // reported TERMINATED, the stranger is never signalled
      long ticks = ProcFs.system().stat(stranger.pid()).orElseThrow().startTicks();
      second.runtime.stop(
          "worker-ghost", new Incarnation(stranger.pid(), ticks + 1, 0), Duration.ofMillis(200));
      second.await(
          "worker-ghost", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(3));
      assertThat(stranger.isAlive()).isTrue();
      assertThat(ProcFs.system().isSameProcess(inc.pid(), inc.startTicks())).isTrue();

      RuntimeFixture third = new RuntimeFixture(tmp.resolve("third"));
      try {
        third.runtime.stop("worker-left", inc, Duration.ofMillis(500));
        third.await(
            "worker-left", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(5));
        await()
            .atMost(Duration.ofSeconds(2))
            .until(() -> !ProcFs.system().isSameProcess(inc.pid(), inc.startTicks()));
      } finally {
        third.close();
      }
    } finally {
      stranger.destroyForcibly();
      second.close();
    }
  }
}
