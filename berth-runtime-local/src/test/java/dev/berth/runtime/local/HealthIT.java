package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthIT {
  @TempDir Path tmp;
  private RuntimeFixture fx;

  @BeforeEach
  void setUp() {
    fx = new RuntimeFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void httpProbeMakesAWebReplicaReady() {
    String cmd = TestApps.install(fx.workDir, "server.pl", TestApps.HTTP_SERVER);
    HealthCheck http =
        RuntimeFixture.check(
            HealthCheck.Kind.HTTP, "/health", Duration.ofMillis(500), Duration.ofSeconds(10));
    fx.runtime.ensure(fx.spec("web-http", ServiceType.WEB, cmd, http));

    ReplicaStatus st = fx.await("web-http", ReplicaStatus::ready, Duration.ofSeconds(10));
    assertThat(st.state()).isEqualTo(ReplicaState.RUNNING);
    assertThat(fx.history("web-http").get(0).state()).isEqualTo(ReplicaState.STARTING);
    assertThat(fx.history("web-http").get(0).ready()).isFalse();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.logText("web-http").contains("hit GET /health HTTP/1.1"));
  }

  @Test
  void aHangingHealthEndpointIsNeverReadyAndRestartsAtTheStartupTimeout() {
    String cmd = TestApps.install(fx.workDir, "hang.pl", TestApps.HANGING_SERVER);
    HealthCheck http =
        RuntimeFixture.check(
            HealthCheck.Kind.HTTP, "/health", Duration.ofMillis(200), Duration.ofMillis(1500));
    fx.runtime.ensure(fx.spec("web-hang", ServiceType.WEB, cmd, http));

    ReplicaStatus st = fx.await("web-hang", s -> s.lastExit() != null, Duration.ofSeconds(10));
    assertThat(st.lastExit().reason()).isEqualTo("StartupTimeout");
    assertThat(st.lastExit().message()).contains("not ready within 1s500ms");
    assertThat(fx.history("web-hang")).noneMatch(ReplicaStatus::ready);
  }

  @Test
  void failingLivenessRestartsAReplicaThatWasReady() throws Exception {
    String cmd = TestApps.install(fx.workDir, "server.pl", TestApps.HTTP_SERVER);
    Files.writeString(fx.workDir.resolve("healthy"), "");
    HealthCheck http =
        new HealthCheck(
            HealthCheck.Kind.HTTP,
            "/health",
            Duration.ofMillis(100),
            Duration.ofMillis(500),
            2,
            Duration.ZERO,
            Duration.ofSeconds(10),
            true);
    ReplicaSpec base = fx.spec("web-live", ServiceType.WEB, cmd, http);
    fx.runtime.ensure(
        new ReplicaSpec(
            base.id(),
            base.project(),
            base.environment(),
            base.service(),
            base.type(),
            base.command(),
            base.workingDir(),
            Map.of("CHECK_FILE", "healthy"),
            0,
            Resources.DEFAULT,
            http,
            "v1",
            "h",
            null,
            ""));
    long pid = fx.await("web-live", ReplicaStatus::ready, Duration.ofSeconds(10)).pid();

    Files.delete(fx.workDir.resolve("healthy"));
    fx.await("web-live", s -> !s.ready(), Duration.ofSeconds(5));
    ReplicaStatus st = fx.await("web-live", s -> s.lastExit() != null, Duration.ofSeconds(5));
    assertThat(st.lastExit().reason()).isEqualTo("LivenessFailed");
    Files.writeString(fx.workDir.resolve("healthy"), "");
    ReplicaStatus again =
        fx.await("web-live", s -> s.ready() && s.restarts() == 1, Duration.ofSeconds(10));
    assertThat(again.pid()).isNotEqualTo(pid);
  }

  @Test
  void tcpProbeNeedsAListeningSocket() {
    String cmd = "sleep 0.4; " + TestApps.install(fx.workDir, "hang.pl", TestApps.HANGING_SERVER);
    HealthCheck tcp =
        RuntimeFixture.check(
            HealthCheck.Kind.TCP, "", Duration.ofMillis(300), Duration.ofSeconds(10));
    fx.runtime.ensure(fx.spec("web-tcp", ServiceType.WEB, cmd, tcp));
    fx.await("web-tcp", ReplicaStatus::ready, Duration.ofSeconds(10));
    assertThat(fx.history("web-tcp").get(0).ready()).isFalse();
  }

  @Test
  void execProbeRunsInTheWorkingDirectoryWithTheReplicaEnvironment() {
    HealthCheck exec =
        RuntimeFixture.check(
            HealthCheck.Kind.EXEC,
            "test \"$BERTH_REPLICA\" = worker-exec && test -f ready.flag",
            Duration.ofMillis(500),
            Duration.ofSeconds(10));
    fx.runtime.ensure(
        fx.spec(
            "worker-exec", ServiceType.WORKER, "sleep 0.5; touch ready.flag; exec sleep 30", exec));
    fx.await("worker-exec", ReplicaStatus::ready, Duration.ofSeconds(10));
    assertThat(fx.history("worker-exec").get(0).ready()).isFalse();
  }
}
