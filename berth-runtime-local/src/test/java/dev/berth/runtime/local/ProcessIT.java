package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.ProcFs;
import dev.berth.runtime.local.internal.proc.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessIT {
  @TempDir Path tmp;
  private RuntimeFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void replicaRunsInItsOwnSessionAndGroupWithItsEnvironment() {
    fx = new RuntimeFixture(tmp);
    String cmd =
        "echo \"PORT=${PORT:-none} TOKEN=${BERTH_TOKEN:-none} R=$BERTH_REPLICA P=$BERTH_PROJECT"
            + " E=$BERTH_ENVIRONMENT S=$BERTH_SERVICE REL=$BERTH_RELEASE X=$MY_VAR\";"
            + " read line || echo stdin-eof; pwd; echo ready; exec sleep 30";
    fx.runtime.ensure(fx.worker("worker-env", cmd));
    ReplicaStatus st =
        fx.await("worker-env", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));

    ProcStat stat = ProcFs.system().stat(st.pid()).orElseThrow();
    assertThat(stat.pgid()).isEqualTo(st.pid());
    assertThat(stat.sid()).isEqualTo(st.pid());
    assertThat(st.incarnation().startTicks()).isEqualTo(stat.startTicks());
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.logText("worker-env").contains("ready"));
    assertThat(fx.logText("worker-env"))
        .contains(
            "PORT=none TOKEN=none R=worker-env P=shop E=test S=worker REL=v1 X=mine",
            "stdin-eof",
            fx.workDir.toString());
    assertThat(fx.runtime.replicaIdsWithLogs("shop", "test", "worker"))
        .containsExactly("worker-env");
  }

  @Test
  void aGracefulStopLetsTheAppFinishEvenWhenItsShellDiesFirst() {
    fx = new RuntimeFixture(tmp);
    // A compound command is not exec'd: dash forks the app and dies on SIGTERM at once.
    String cmd =
        "cd . && perl -e '$| = 1; $SIG{TERM} = sub { sleep 1; print \"cleaned up\\n\"; exit 0 };"
            + " print \"up\\n\"; sleep 100'";
    fx.runtime.ensure(fx.worker("worker-drain", cmd));
    fx.await("worker-drain", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> fx.logText("worker-drain").contains("up"));
    fx.runtime.stop("worker-drain", null, Duration.ofSeconds(10));
    fx.await("worker-drain", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(8));
    assertThat(fx.logText("worker-drain")).contains("cleaned up");
  }

  @Test
  void aSimpleCommandIsExecutedSoTheAppIsTheProcessBerthWatches() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(
        fx.worker("worker-exec", "perl -e 'syswrite STDOUT, \"$$\\n\" and sleep 100'"));
    ReplicaStatus st =
        fx.await("worker-exec", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.logText("worker-exec").contains(Long.toString(st.pid())));
  }

  @Test
  void webReplicaGetsAFreePortInPort() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(
        fx.spec(
            "web-port",
            ServiceType.WEB,
            "echo \"port=$PORT\"; exec sleep 30",
            HealthCheck.of(HealthCheck.Kind.NONE, "")));
    ReplicaStatus st =
        fx.await("web-port", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    assertThat(st.port()).isPositive();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.logText("web-port").contains("port=" + st.port()));
  }

  @Test
  void commandNotFoundIsAnErrorWithItsOutputThenCrashLoopBackOff() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(fx.worker("worker-missing", "nosuchcmd-berth --flag"));
    ReplicaStatus st =
        fx.await(
            "worker-missing",
            s -> s.state() == ReplicaState.BACKOFF && s.lastExit() != null,
            Duration.ofSeconds(5));
    assertThat(st.reason()).isEqualTo("CrashLoopBackOff");
    assertThat(st.lastExit().code()).isEqualTo(127);
    assertThat(st.lastExit().reason()).isEqualTo("Error");
    assertThat(st.lastExit().message()).contains("nosuchcmd-berth").contains("not found");
    assertThat(st.nextStartAt()).isNotNull();
  }

  @Test
  void missingWorkingDirectoryIsStartFailed() {
    fx = new RuntimeFixture(tmp);
    ReplicaSpec spec = fx.worker("worker-nodir", "true");
    ReplicaSpec gone =
        new ReplicaSpec(
            spec.id(),
            spec.project(),
            spec.environment(),
            spec.service(),
            spec.type(),
            spec.command(),
            tmp.resolve("does-not-exist"),
            spec.env(),
            0,
            spec.resources(),
            spec.health(),
            spec.release(),
            spec.templateHash(),
            null,
            "");
    fx.runtime.ensure(gone);
    ReplicaStatus st =
        fx.await("worker-nodir", s -> s.state() == ReplicaState.BACKOFF, Duration.ofSeconds(5));
    assertThat(st.reason()).isEqualTo("StartFailed");
    assertThat(st.lastExit().reason()).isEqualTo("StartFailed");
    assertThat(st.lastExit().message()).contains("does-not-exist").contains("does not exist");
  }

  @Test
  void processExitingAtOnceLoopsWithGrowingDelays() {
    fx = new RuntimeFixture(tmp);
    Instant t0 = Instant.now();
    fx.runtime.ensure(fx.worker("worker-exit", "echo bye; exit 3"));
    fx.await(
        "worker-exit",
        s -> s.restarts() >= 4 && s.state() == ReplicaState.BACKOFF,
        Duration.ofSeconds(10));
    List<Duration> delays =
        fx.history("worker-exit").stream()
            .filter(s -> s.state() == ReplicaState.BACKOFF)
            .map(s -> Duration.between(s.lastExit().at(), s.nextStartAt()))
            .toList();
    assertThat(delays).isSortedAccordingTo(Duration::compareTo);
    assertThat(delays.get(delays.size() - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    assertThat(delays.get(0)).isZero();
    ReplicaStatus last = fx.history("worker-exit").get(fx.history("worker-exit").size() - 1);
    assertThat(last.lastExit().code()).isEqualTo(3);
    // not hammering: a handful of starts in the time it took
    long seconds = Math.max(1, Duration.between(t0, Instant.now()).toSeconds());
    assertThat(last.restarts()).isLessThanOrEqualTo(3 + (int) seconds);
    assertThat(fx.logText("worker-exit")).filteredOn("bye"::equals).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void processIgnoringSigtermIsKilledAfterTheGrace() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(
        fx.worker("worker-stubborn", "trap '' TERM; echo trapped; while true; do sleep 1; done"));
    fx.await("worker-stubborn", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.logText("worker-stubborn").contains("trapped"));
    Instant stopAt = Instant.now();
    fx.runtime.stop("worker-stubborn", null, Duration.ofMillis(700));
    fx.await("worker-stubborn", s -> s.state() == ReplicaState.TERMINATING, Duration.ofSeconds(2));
    ReplicaStatus st =
        fx.await(
            "worker-stubborn", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(5));
    assertThat(Duration.between(stopAt, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(650));
    assertThat(st.lastExit().code()).isEqualTo(137);
    assertThat(st.lastExit().reason()).isEqualTo("Killed");
  }

  @Test
  void stopLeavesNoProcessOfTheGroupBehind() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(
        fx.worker(
            "worker-kids", "sleep 300 & sh -c \"trap '' TERM; sleep 300\" & echo started; wait"));
    ReplicaStatus st =
        fx.await("worker-kids", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    long pgid = st.pid();
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcFs.system().group(pgid).size() >= 3);

    fx.runtime.stop("worker-kids", null, Duration.ofSeconds(2));
    fx.await("worker-kids", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(2)).until(() -> ProcFs.system().group(pgid).isEmpty());
  }

  @Test
  void aGrandchildThatLeftTheGroupIsKilledThroughTheCgroup() throws Exception {
    fx = new RuntimeFixture(tmp);
    CgroupSupport.assumeMemoryLimits("aGrandchildThatLeftTheGroupIsKilledThroughTheCgroup");
    fx.runtime.ensure(
        fx.worker("worker-escape", "setsid sh -c 'echo $$ > escaped.pid; exec sleep 300' & wait"));
    fx.await("worker-escape", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    Path pidFile = fx.workDir.resolve("escaped.pid");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long escaped = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(escaped)).isPresent();

    fx.runtime.stop("worker-escape", null, Duration.ofMillis(500));
    fx.await("worker-escape", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> !ProcFs.system().stat(escaped).map(ProcStat::running).orElse(false));
  }

  @Test
  void appBindingAPortSomeoneElseHoldsCrashesAndBacksOffWithANewPortEachStart() throws Exception {
    fx = new RuntimeFixture(tmp);
    try (java.net.ServerSocket held =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String server =
          "exec perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(LocalAddr => \"127.0.0.1\","
              + " LocalPort => "
              + held.getLocalPort()
              + ", Listen => 5) or die \"bind: $!\\n\"; sleep 30'";
      fx.runtime.ensure(
          fx.spec("web-clash", ServiceType.WEB, server, HealthCheck.of(HealthCheck.Kind.TCP, "")));
      ReplicaStatus st =
          fx.await(
              "web-clash",
              s -> s.restarts() >= 2 && s.state() == ReplicaState.BACKOFF,
              Duration.ofSeconds(10));
      assertThat(st.lastExit().message()).contains("Address already in use");
      List<Integer> ports =
          fx.history("web-clash").stream()
              .map(ReplicaStatus::port)
              .filter(p -> p > 0)
              .distinct()
              .toList();
      assertThat(ports).hasSizeGreaterThanOrEqualTo(3).doesNotContain(held.getLocalPort());
    }
  }
}
