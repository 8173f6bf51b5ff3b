package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.engine.runtime.RestartPolicy;
import dev.berth.runtime.local.internal.proc.ProcFs;
import dev.berth.runtime.local.internal.proc.ProcStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cron runs on real processes: {@link RestartPolicy#NEVER} runs once and reports the exit. */
class RunOnceIT {
  @TempDir Path tmp;
  private RuntimeFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  private ReplicaSpec run(String id, String command) {
    ReplicaSpec s =
        fx.spec(id, ServiceType.CRON, command, HealthCheck.of(HealthCheck.Kind.NONE, ""));
    Map<String, String> env = new HashMap<>(s.env());
    env.put("BERTH_RUN", id);
    env.put("BERTH_SCHEDULED_AT", "2026-12-03T02:00:00Z");
    return new ReplicaSpec(
            s.id(),
            s.project(),
            s.environment(),
            s.service(),
            s.type(),
            s.command(),
            s.workingDir(),
            env,
            0,
            s.resources(),
            s.health(),
            s.release(),
            s.templateHash(),
            null,
            "")
        .withRestart(RestartPolicy.NEVER);
  }

  @Test
  void aRunThatForksChildrenAndExitsEndsWithItsCodeAndLeavesNoChildBehind() throws Exception {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(
        run(
            "nightly-r1",
            "sleep 300 & echo $! > child.pid; sh -c 'sleep 300' &"
                + " echo \"run=$BERTH_RUN at=$BERTH_SCHEDULED_AT x=$MY_VAR\"; exit 3"));

    ReplicaStatus end =
        fx.await("nightly-r1", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(10));

    assertThat(end.lastExit().code()).isEqualTo(3);
    assertThat(end.lastExit().reason()).isEqualTo("Error");
    assertThat(end.restarts()).isZero();
    long child = Long.parseLong(Files.readString(fx.workDir.resolve("child.pid")).trim());
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> !ProcFs.system().stat(child).map(ProcStat::running).orElse(false));
    assertThat(fx.logText("nightly-r1")).contains("run=nightly-r1 at=2026-12-03T02:00:00Z x=mine");
    assertThat(fx.history("nightly-r1")).noneMatch(s -> s.state() == ReplicaState.BACKOFF);
    assertThat(
            fx.history("nightly-r1").stream()
                .filter(s -> s.incarnation() != null)
                .map(ReplicaStatus::pid)
                .distinct())
        .as("one process, never restarted")
        .hasSize(1);
  }

  @Test
  void aRunThatSucceedsIsCompletedOnce() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(run("nightly-r2", "echo done"));

    ReplicaStatus end =
        fx.await("nightly-r2", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(10));

    assertThat(end.lastExit().code()).isZero();
    assertThat(end.lastExit().reason()).isEqualTo("Completed");
  }

  @Test
  void aRunThatNeverExitsIsStoppedWithSigtermThenSigkill() {
    fx = new RuntimeFixture(tmp);
    fx.runtime.ensure(run("nightly-r3", "trap '' TERM; sleep 300 & wait; sleep 300"));
    ReplicaStatus st =
        fx.await("nightly-r3", s -> s.state() == ReplicaState.RUNNING, Duration.ofSeconds(5));
    long pgid = st.pid();

    fx.runtime.stop("nightly-r3", null, Duration.ofMillis(300));
    ReplicaStatus end =
        fx.await("nightly-r3", s -> s.state() == ReplicaState.TERMINATED, Duration.ofSeconds(5));

    assertThat(end.lastExit().code()).isEqualTo(137);
    await().atMost(Duration.ofSeconds(2)).until(() -> ProcFs.system().group(pgid).isEmpty());
  }
}
