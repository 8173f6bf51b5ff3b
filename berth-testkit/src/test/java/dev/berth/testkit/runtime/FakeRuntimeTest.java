package dev.berth.testkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.RestartPolicy;
import dev.berth.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fake honours the restart policy as the local runtime does. */
class FakeRuntimeTest {
  private final FakeRuntime rt = new FakeRuntime(new MutableClock(Instant.EPOCH));

  private static ReplicaSpec spec(String id, RestartPolicy restart) {
    return new ReplicaSpec(
            id,
            "shop",
            "prod",
            "report",
            ServiceType.CRON,
            "./report",
            Path.of("/app"),
            Map.of(),
            0,
            Resources.DEFAULT,
            HealthCheck.of(HealthCheck.Kind.NONE, ""),
            "v1",
            "h",
            null,
            "")
        .withRestart(restart);
  }

  @Test
  void aRunOnceReplicaEndsTerminatedWithItsExit() {
    rt.ensure(spec("report-1", RestartPolicy.NEVER));
    rt.exit("report-1", 3);

    assertThat(rt.status("report-1").state()).isEqualTo(ReplicaState.TERMINATED);
    assertThat(rt.status("report-1").lastExit().code()).isEqualTo(3);
    assertThat(rt.status("report-1").lastExit().reason()).isEqualTo("Error");
  }

  @Test
  void anAlwaysReplicaBacksOff() {
    rt.ensure(spec("report-2", RestartPolicy.ALWAYS));
    rt.exit("report-2", 0);

    assertThat(rt.status("report-2").state()).isEqualTo(ReplicaState.BACKOFF);
  }
}
