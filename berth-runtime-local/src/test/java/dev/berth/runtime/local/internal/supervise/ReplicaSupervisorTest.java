package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.Signaller.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSupervisorTest {
  private final Harness h = new Harness();

  @Test
  void workerWithoutProbeRunsReadyWithTheRightEnvironment() throws Exception {
    h.start(Harness.worker("worker-a1"));

    ReplicaStatus st = h.last();
    assertThat(st.state()).isEqualTo(ReplicaState.RUNNING);
    assertThat(st.ready()).isTrue();
    assertThat(st.pid()).isEqualTo(1000);
    assertThat(st.restarts()).isZero();
    var env = h.launcher.launched.get(0).env();
    Path home = h.installation.appsDir().resolve("shop/production/worker/home");
    Path tmp = h.installation.appsDir().resolve("shop/production/worker/tmp");
    assertThat(env)
        .containsEntry("HOME", home.toString())
        .containsEntry("TMPDIR", tmp.toString())
        .containsEntry("BERTH_CONTROL_PLANE", h.installation.marker())
        .doesNotContainKey("XDG_CONFIG_HOME")
        .containsEntry("LOG_LEVEL", "info")
        .containsEntry("BERTH_REPLICA", "worker-a1")
        .containsEntry("BERTH_SERVICE", "worker")
        .containsEntry("BERTH_RELEASE", "v3")
        .containsEntry("BERTH_PROJECT", "shop")
        .containsEntry("BERTH_ENVIRONMENT", "production")
        .doesNotContainKeys("BERTH_TOKEN", "BERTH_URL", "PORT");
    assertThat(h.launcher.launched.get(0).cgroupProcsFiles()).isNotEmpty();
    assertThat(h.logs.watched).containsExactly("worker-a1");
    for (Path dir : List.of(home, tmp, h.installation.appsDir())) {
      assertThat(Files.getPosixFilePermissions(dir))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void webReplicaGetsANewPortOnEveryStart() {
    h.start(Harness.web("web-a1", HealthCheck.of(HealthCheck.Kind.NONE, "")));
    assertThat(h.launcher.launched.get(0).env()).containsEntry("PORT", "20000");
    assertThat(h.last().port()).isEqualTo(20000);

    h.launcher.last().exits(1);
    h.scheduler.runDue(); // first crash restarts at once

    assertThat(h.launcher.launched).hasSize(2);
    assertThat(h.launcher.launched.get(1).env()).containsEntry("PORT", "20001");
    assertThat(h.last().port()).isEqualTo(20001);
  }

  @Test
  void crashingReplicaBacksOffWithGrowingDelaysAndCountsRestarts() {
    h.logs.tail.add("sh: 1: nosuchcmd: not found");
    h.start(Harness.worker("worker-a1"));
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      h.launcher.last().exits(127);
      h.scheduler.runDue();
      ReplicaStatus backoff =
          h.statuses.stream()
              .filter(s -> s.state() == ReplicaState.BACKOFF)
              .reduce((a, b) -> b)
              .get();
      delays.add(Duration.between(backoff.lastExit().at(), backoff.nextStartAt()));
      assertThat(backoff.reason()).isEqualTo("CrashLoopBackOff");
      assertThat(backoff.lastExit().code()).isEqualTo(127);
      assertThat(backoff.lastExit().reason()).isEqualTo("Error");
      assertThat(backoff.lastExit().message()).contains("nosuchcmd: not found");
      assertThat(backoff.message()).contains("back-off");
      h.scheduler.advance(delays.get(i));
    }
    assertThat(delays)
        .containsExactly(
            Duration.ZERO,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
    assertThat(h.launcher.launched).hasSize(7);
    assertThat(h.last().restarts()).isEqualTo(6);
  }

  @Test
  void noRestartBeforeTheBackoffDelayHasPassed() {
    h.start(Harness.worker("worker-a1"));
    h.launcher.last().exits(1);
    h.scheduler.runDue();
    h.launcher.last().exits(1);
    h.scheduler.runDue();
    assertThat(h.last().state()).isEqualTo(ReplicaState.BACKOFF);

    h.scheduler.advance(Duration.ofMillis(999));
    assertThat(h.launcher.launched).hasSize(2);
    h.scheduler.advance(Duration.ofMillis(1));
    assertThat(h.launcher.launched).hasSize(3);
    assertThat(h.last().state()).isEqualTo(ReplicaState.RUNNING);
  }

  @Test
  void aCleanRunResetsTheBackoff() {
    h.start(Harness.worker("worker-a1"));
    for (int i = 0; i < 3; i++) {
      h.launcher.last().exits(1);
      h.scheduler.advance(Duration.ofSeconds(5));
    }
    h.scheduler.advance(Duration.ofSeconds(61)); // longer than resetAfter
    h.launcher.last().exits(1);
    h.scheduler.runDue();

    assertThat(h.last().state()).isEqualTo(ReplicaState.RUNNING); // restarted at once
    assertThat(h.last().restarts()).isEqualTo(4);
  }

  @Test
  void startFailureIsReportedAndRetriedWithBackoff() {
    h.launcher.failWith = "working directory /srv/app does not exist";
    h.start(Harness.worker("worker-a1"));
    h.scheduler.runDue();

    ReplicaStatus st = h.last();
    assertThat(st.state()).isEqualTo(ReplicaState.BACKOFF);
    assertThat(st.reason()).isEqualTo("StartFailed");
    assertThat(st.lastExit().reason()).isEqualTo("StartFailed");
    assertThat(st.lastExit().message()).contains("/srv/app does not exist");
    assertThat(st.nextStartAt()).isAfter(h.clock.instant());

    h.launcher.failWith = null;
    h.scheduler.advance(Duration.ofSeconds(1));
    assertThat(h.last().state()).isEqualTo(ReplicaState.RUNNING);
  }

  @Test
  void becomesReadyOnFirstSuccessfulProbeThenUnreadyAfterThreshold() {
    h.start(Harness.web("web-a1", Harness.http(false)));
    assertThat(h.last().state()).isEqualTo(ReplicaState.STARTING);
    assertThat(h.last().ready()).isFalse();

    h.scheduler.runDue();
    assertThat(h.prober.requests).hasSize(1);
    assertThat(h.prober.requests.get(0).port()).isEqualTo(20000);
    h.prober.answer(true);
    h.scheduler.runDue();
    assertThat(h.last().state()).isEqualTo(ReplicaState.RUNNING);
    assertThat(h.last().ready()).isTrue();

    for (int i = 0; i < 3; i++) {
      h.scheduler.advance(Harness.PROBE_INTERVAL);
      h.prober.answer(false);
      h.scheduler.runDue();
    }
    assertThat(h.last().ready()).isFalse();
    assertThat(h.last().state()).isEqualTo(ReplicaState.RUNNING);
    assertThat(h.signaller.sent).isEmpty(); // liveness off: never restarted
  }

  @Test
  void failingLivenessRestartsWithSigtermThenSigkill() {
    h.start(Harness.web("web-a1", Harness.http(true)));
    h.scheduler.runDue();
    h.prober.answer(true);
    h.scheduler.runDue();
    for (int i = 0; i < 3; i++) {
      h.scheduler.advance(Harness.PROBE_INTERVAL);
      h.prober.answer(false);
      h.scheduler.runDue();
    }
    assertThat(h.signaller.sent).containsExactly(new Fakes.Sent(1000, Signal.TERM));
    assertThat(h.last().reason()).isEqualTo("LivenessFailed");

    h.scheduler.advance(Tuning.DEFAULT.restartGrace());
    assertThat(h.signaller.sent).contains(new Fakes.Sent(1000, Signal.KILL));
    h.launcher.last().exits(137);
    h.scheduler.runDue();

    ReplicaStatus st =
        h.statuses.stream().filter(s -> s.state() == ReplicaState.BACKOFF).findFirst().get();
    assertThat(st.lastExit().reason()).isEqualTo("LivenessFailed");
    assertThat(st.lastExit().code()).isEqualTo(137);
    assertThat(h.launcher.launched).hasSize(2);
  }

  @Test
  void neverReadyWithinStartupTimeoutIsRestarted() {
    h.start(Harness.web("web-a1", Harness.http(true)));
    Instant started = h.clock.instant();
    while (h.signaller.sent.isEmpty()) {
      h.scheduler.advance(Duration.ofMillis(100));
      while (!h.prober.pending.isEmpty()) {
        h.prober.answer(false);
      }
      h.scheduler.runDue();
      assertThat(Duration.between(started, h.clock.instant())).isLessThan(Duration.ofSeconds(40));
    }
    assertThat(Duration.between(started, h.clock.instant()))
        .isGreaterThanOrEqualTo(Harness.STARTUP);
    assertThat(h.last().reason()).isEqualTo("StartupTimeout");
    assertThat(h.last().ready()).isFalse();
    h.launcher.last().exits(143);
    h.scheduler.runDue();
    assertThat(
            h.statuses.stream()
                .filter(s -> s.state() == ReplicaState.BACKOFF)
                .findFirst()
                .get()
                .lastExit()
                .reason())
        .isEqualTo("StartupTimeout");
  }

  @Test
  void lateProbeResultOfAnEarlierRunIsIgnored() {
    h.start(Harness.web("web-a1", Harness.http(true)));
    h.scheduler.runDue(); // probe of run 1 in flight
    h.launcher.last().exits(1);
    h.scheduler.runDue(); // crashed, restarted at once
    h.prober.answer(true); // the old probe answers late
    h.scheduler.runDue();
    assertThat(h.last().ready()).isFalse();
    assertThat(h.last().state()).isEqualTo(ReplicaState.STARTING);
  }

  @Test
  void stopSendsSigtermThenSigkillAfterGrace() {
    ReplicaSupervisor s = h.start(Harness.worker("worker-a1"));
    h.scheduler.execute(() -> s.stop(Duration.ofSeconds(3)));
    h.scheduler.runDue();
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATING);
    assertThat(h.signaller.sent).containsExactly(new Fakes.Sent(1000, Signal.TERM));

    h.scheduler.advance(Duration.ofMillis(2999));
    assertThat(h.signaller.sent).hasSize(1);
    h.scheduler.advance(Duration.ofMillis(1));
    assertThat(h.signaller.sent)
        .containsExactly(new Fakes.Sent(1000, Signal.TERM), new Fakes.Sent(1000, Signal.KILL));
    assertThat(h.cgroups.last().killAlls).isEqualTo(1);

    h.launcher.last().exits(137);
    h.scheduler.runDue();
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.last().lastExit().code()).isEqualTo(137);
    assertThat(h.last().lastExit().reason()).isEqualTo("Killed");
    assertThat(h.cgroups.last().released).isTrue();
    assertThat(s.terminated()).isDone();
    assertThat(h.launcher.launched).hasSize(1); // never restarted
  }

  @Test
  void aStopWaitsForTheWholeGroupWhenTheShellDiesFirst() {
    ReplicaSupervisor s = h.start(Harness.worker("worker-a1"));
    h.scheduler.execute(() -> s.stop(Duration.ofSeconds(3)));
    h.scheduler.runDue();
    h.signaller.aliveGroups.add(1000L); // dash's sh -c died on SIGTERM, the app still cleans up
    h.launcher.last().exits(143);
    h.scheduler.advance(Duration.ofSeconds(1));
    assertThat(h.last().state())
        .as("still stopping while the app runs")
        .isEqualTo(ReplicaState.TERMINATING);
    assertThat(h.signaller.sent).containsExactly(new Fakes.Sent(1000, Signal.TERM));

    h.signaller.aliveGroups.remove(1000L); // the app finished its shutdown
    h.scheduler.advance(Duration.ofMillis(100));
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.signaller.sent).as("no SIGKILL for a clean stop").hasSize(1);
  }

  @Test
  void aGroupThatOutlivesTheGraceIsKilled() {
    ReplicaSupervisor s = h.start(Harness.worker("worker-a1"));
    h.scheduler.execute(() -> s.stop(Duration.ofSeconds(3)));
    h.scheduler.runDue();
    h.signaller.aliveGroups.add(1000L);
    h.launcher.last().exits(143);
    h.scheduler.advance(Duration.ofSeconds(3));
    assertThat(h.signaller.sent)
        .containsExactly(new Fakes.Sent(1000, Signal.TERM), new Fakes.Sent(1000, Signal.KILL));
    h.scheduler.advance(Duration.ofMillis(100));
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
  }

  @Test
  void stopIsIdempotentAndAfterExitNoRestart() {
    ReplicaSupervisor s = h.start(Harness.worker("worker-a1"));
    h.scheduler.execute(() -> s.stop(Duration.ofSeconds(3)));
    h.scheduler.execute(() -> s.stop(Duration.ofSeconds(3)));
    h.scheduler.runDue();
    assertThat(h.signaller.sent).hasSize(1);
    h.launcher.last().exits(0);
    h.scheduler.advance(Duration.ofSeconds(10));
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.last().lastExit().reason()).isEqualTo("Completed");
    assertThat(h.launcher.launched).hasSize(1);
  }

  @Test
  void stopDuringBackoffTerminatesAtOnceAndCancelsTheRestart() {
    ReplicaSupervisor s = h.start(Harness.worker("worker-a1"));
    h.launcher.last().exits(1);
    h.scheduler.runDue();
    h.launcher.last().exits(1);
    h.scheduler.runDue();
    assertThat(h.last().state()).isEqualTo(ReplicaState.BACKOFF);

    h.scheduler.execute(() -> s.stop(Duration.ofSeconds(3)));
    h.scheduler.advance(Duration.ofMinutes(1));
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.launcher.launched).hasSize(2);
  }

  @Test
  void cgroupOomKillIsReportedAsOomKilled() {
    h.start(
        Harness.spec(
            "worker-a1",
            ServiceType.WORKER,
            HealthCheck.of(HealthCheck.Kind.NONE, ""),
            new Resources(100, 64L << 20, 0, 64L << 20)));
    h.cgroups.last().oomKills = 1;
    h.launcher.last().exits(137);
    h.scheduler.runDue();
    ReplicaStatus backoff =
        h.statuses.stream().filter(s -> s.state() == ReplicaState.BACKOFF).findFirst().get();
    assertThat(backoff.lastExit().reason()).isEqualTo("OOMKilled");
    assertThat(backoff.lastExit().message()).contains("64Mi");
    assertThat(backoff.reason()).isEqualTo("CrashLoopBackOff");
  }

  @Test
  void withoutCgroupsTheRssWatcherKillsAReplicaOverItsLimit() {
    h.cgroups.enabled = false;
    ReplicaSupervisor s =
        h.start(
            Harness.spec(
                "worker-a1",
                ServiceType.WORKER,
                HealthCheck.of(HealthCheck.Kind.NONE, ""),
                new Resources(100, 64L << 20, 0, 64L << 20)));
    assertThat(h.launcher.launched.get(0).cgroupProcsFiles()).isEmpty();
    int seq = s.usageTarget().orElseThrow().seq();

    s.onUsage(seq, new dev.berth.runtime.local.internal.proc.Usage(0, 60L << 20));
    assertThat(h.signaller.sent).isEmpty();
    s.onUsage(seq, new dev.berth.runtime.local.internal.proc.Usage(0, 100L << 20));
    assertThat(h.signaller.sent).containsExactly(new Fakes.Sent(1000, Signal.KILL));

    h.launcher.last().exits(137);
    h.scheduler.runDue();
    ReplicaStatus backoff =
        h.statuses.stream().filter(x -> x.state() == ReplicaState.BACKOFF).findFirst().get();
    assertThat(backoff.lastExit().reason()).isEqualTo("OOMKilled");
    assertThat(backoff.lastExit().message()).contains("RSS");
  }

  @Test
  void usageSamplesBecomeMillicoresAndBytes() {
    ReplicaSupervisor s = h.start(Harness.worker("worker-a1"));
    int seq = s.usageTarget().orElseThrow().seq();
    s.onUsage(seq, new dev.berth.runtime.local.internal.proc.Usage(1_000_000_000L, 10_000));
    assertThat(h.last().cpuMillis()).isEqualTo(-1); // a rate needs two samples
    assertThat(h.last().memoryBytes()).isEqualTo(10_000);

    h.clock.advance(Duration.ofSeconds(2));
    s.onUsage(seq, new dev.berth.runtime.local.internal.proc.Usage(2_000_000_000L, 20_000));
    assertThat(h.last().cpuMillis()).isEqualTo(500);
    assertThat(h.last().memoryBytes()).isEqualTo(20_000);
    assertThat(h.last().state()).isEqualTo(h.statuses.get(0).state()); // usage alone
    assertThat(h.last().incarnation()).isEqualTo(h.statuses.get(0).incarnation());
  }

  @Test
  void aRunOnceReplicaEndsTerminatedWithItsExit() {
    h.start(once("nightly-1"));
    h.launcher.last().exits(0);
    h.scheduler.advance(Duration.ofMinutes(5));
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.last().lastExit().reason()).isEqualTo("Completed");
    assertThat(h.launcher.launched).hasSize(1);
  }

  @Test
  void aRunOnceReplicaThatFailsIsNotRestarted() {
    h.start(once("nightly-2"));
    h.launcher.last().exits(3);
    h.scheduler.advance(Duration.ofMinutes(5));
    assertThat(h.last().state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(h.last().lastExit().code()).isEqualTo(3);
    assertThat(h.last().lastExit().reason()).isEqualTo("Error");
    assertThat(h.launcher.launched).hasSize(1);
  }

  @Test
  void aCronTypedReplicaThatAlwaysRestartsRestarts() {
    h.start(
        Harness.spec(
            "nightly-3",
            ServiceType.CRON,
            HealthCheck.of(HealthCheck.Kind.NONE, ""),
            Resources.DEFAULT));
    h.launcher.last().exits(0);
    h.scheduler.advance(Duration.ofMinutes(5));
    assertThat(h.launcher.launched).hasSizeGreaterThan(1);
  }

  private static dev.berth.engine.runtime.ReplicaSpec once(String id) {
    return Harness.spec(
            id, ServiceType.CRON, HealthCheck.of(HealthCheck.Kind.NONE, ""), Resources.DEFAULT)
        .withRestart(dev.berth.engine.runtime.RestartPolicy.NEVER);
  }
}
