package dev.berth.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import dev.berth.runtime.local.internal.proc.SystemAccounts;
import dev.berth.runtime.local.internal.supervise.Accounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service with {@code user: nobody}, run for real by a root control plane: the app and its exec
 * probe run as nobody with nobody's home, inside the replica's cgroup and writing to its log.
 */
class RunAsUserIT {
  @TempDir Path tmp;
  private RuntimeFixture fx;

  @AfterEach
  void tearDown() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void theReplicaAndItsExecProbeRunAsTheServicesUser() throws Exception {
    SystemAccounts accounts = new SystemAccounts();
    String why =
        dev.berth.runtime.local.internal.supervise.RunAs.refusal(accounts, "nobody").orElse("");
    if (!why.isEmpty()) {
      System.err.println("[run-as] skipped: " + why);
    }
    Assumptions.assumeTrue(why.isEmpty(), why);
    Accounts.Account nobody = accounts.find("nobody").orElseThrow();
    fx = new RuntimeFixture(tmp);
    Files.setPosixFilePermissions(
        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        fx.workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    HealthCheck exec =
        new HealthCheck(
            HealthCheck.Kind.EXEC,
            "test \"$(id -u)\" = " + nobody.uid(),
            Duration.ofMillis(300),
            Duration.ofSeconds(2),
            3,
            Duration.ZERO,
            Duration.ofSeconds(20),
            true);
    ReplicaSpec base =
        fx.spec(
            "worker-nobody",
            ServiceType.WORKER,
            "echo \"uid=$(id -u) gid=$(id -g) home=$HOME\"; cat /proc/self/status | grep CapEff;"
                + " exec sleep 30",
            exec,
            Resources.DEFAULT);
    ReplicaSpec spec =
        new ReplicaSpec(
            base.id(),
            base.project(),
            base.environment(),
            base.service(),
            base.type(),
            base.command(),
            base.workingDir(),
            base.env(),
            base.containerPort(),
            base.resources(),
            base.health(),
            base.release(),
            base.templateHash(),
            null,
            "nobody");
    fx.runtime.ensure(spec);
    ReplicaStatus st = fx.await("worker-nobody", ReplicaStatus::ready, Duration.ofSeconds(20));
    assertThat(st.state()).isEqualTo(ReplicaState.RUNNING);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> fx.logText("worker-nobody").stream().anyMatch(l -> l.startsWith("CapEff")));
    assertThat(fx.logText("worker-nobody"))
        .contains(
            "uid=" + nobody.uid() + " gid=" + nobody.gid() + " home=" + nobody.home(),
            "CapEff:\t0000000000000000");
    assertThat(Files.getAttribute(Path.of("/proc/" + st.pid()), "unix:uid"))
        .isEqualTo((int) nobody.uid());
    assertThat(fx.runtime.runAs().refusal("nobody")).isEmpty();
    assertThat(fx.runtime.runAs().refusal("no-such-user-berth"))
        .get()
        .asString()
        .contains("does not exist");
  }
}
