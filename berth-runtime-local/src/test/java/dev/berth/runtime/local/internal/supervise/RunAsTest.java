package dev.berth.runtime.local.internal.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceType;
import dev.berth.engine.runtime.ReplicaSpec;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.engine.runtime.ReplicaStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A service's {@code user}: the command, the exec probe and the environment of its replicas. */
class RunAsTest {
  final Harness h = new Harness();
  static final Accounts.Account APP = new Accounts.Account("app", 1001, 1002, Path.of("/home/app"));

  static ReplicaSpec asUser(ReplicaSpec s, String user) {
    return new ReplicaSpec(
        s.id(),
        s.project(),
        s.environment(),
        s.service(),
        s.type(),
        s.command(),
        s.workingDir(),
        s.env(),
        s.containerPort(),
        s.resources(),
        s.health(),
        s.release(),
        s.templateHash(),
        s.lastKnown(),
        user);
  }

  @Test
  void theCommandRunsThroughSetprivWithEveryQuoteKept() {
    assertThat(RunAs.wrap("/usr/bin/setpriv", APP, "echo 'hi' && it's"))
        .isEqualTo(
            "exec '/usr/bin/setpriv' --reuid=1001 --regid=1002 --init-groups -- sh -c"
                + " 'echo '\\''hi'\\'' && it'\\''s'");
    assertThat(RunAs.wrap("/usr/bin/setpriv", APP, "java -jar app.jar"))
        .endsWith("-- sh -c 'exec java -jar app.jar'");
  }

  @Test
  void aReplicaWithAUserStartsAsThatUserWithItsHomeAndItsExecProbeToo() {
    HealthCheck exec = HealthCheck.of(HealthCheck.Kind.EXEC, "./ping");
    h.start(asUser(Harness.spec("worker-u1", ServiceType.WORKER, exec, Resources.DEFAULT), "app"));

    var launched = h.launcher.launched.get(0);
    assertThat(launched.command())
        .isEqualTo(
            "exec '/usr/bin/setpriv' --reuid=1001 --regid=1002 --init-groups -- sh -c 'exec"
                + " run-app'");
    assertThat(launched.env())
        .containsEntry("HOME", "/home/app")
        .doesNotContainKey("TMPDIR")
        .containsEntry("BERTH_REPLICA", "worker-u1");
    h.clock.advance(java.time.Duration.ofSeconds(1));
    h.scheduler.runDue();
    assertThat(h.prober.requests).isNotEmpty();
    assertThat(h.prober.requests.get(0).check().target())
        .isEqualTo(
            "exec '/usr/bin/setpriv' --reuid=1001 --regid=1002 --init-groups -- sh -c 'exec"
                + " ./ping'");
  }

  @Test
  void withoutAUserNothingIsWrapped() {
    h.start(Harness.worker("worker-plain"));
    assertThat(h.launcher.launched.get(0).command()).isEqualTo("run-app");
  }

  @Test
  void aUserTheMachineCannotSwitchToFailsTheStartWithTheReason() {
    h.accounts.root = false;
    h.start(asUser(Harness.worker("worker-u2"), "app"));
    ReplicaStatus st = h.last();
    assertThat(st.state()).isEqualTo(ReplicaState.BACKOFF);
    assertThat(st.reason()).isEqualTo("StartFailed");
    assertThat(st.lastExit().message())
        .contains("cannot run as user 'app'", "needs berth up to run as root");
    assertThat(h.launcher.launched).isEmpty();
  }

  @Test
  void refusalsSayWhatToDo() {
    Harness.FakeAccounts a = new Harness.FakeAccounts();
    assertThat(RunAs.refusal(a, "app")).isEmpty();
    assertThat(RunAs.refusal(a, "ghost")).get().asString().contains("'ghost' does not exist");
    a.setpriv = null;
    assertThat(RunAs.refusal(a, "app")).get().asString().contains("setpriv");
    a.root = false;
    assertThat(RunAs.refusal(a, "app")).get().asString().contains("root");
  }
}
