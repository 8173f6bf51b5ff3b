package dev.berth.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.runtime.RunAsPolicy;
import dev.berth.testkit.MutableClock;
import dev.berth.testkit.runtime.FakeRuntime;
import dev.berth.testkit.store.InMemoryStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's {@code user}: refused at apply unless the runtime can honour it, then passed on. */
class RunAsUserTest {
  static final String SPEC =
      """
      project: shop
      services:
        web: {command: ./web, user: app}
      """;

  @TempDir Path app;
  final MutableClock clock = MutableClock.atEpoch2026();
  final InMemoryStore store = new InMemoryStore();
  final EngineHarness h = new EngineHarness(clock, store, new FakeRuntime(clock));

  ApplyRequest request() {
    return new ApplyRequest(
        "berth.yaml",
        SPEC,
        null,
        app.toString(),
        "production",
        new dev.berth.engine.app.Actor("tester", "test"),
        "",
        "",
        null);
  }

  @Test
  void aRuntimeThatCannotSwitchUsersRefusesTheSpecAtApplyAndStoresNothing() {
    assertThatThrownBy(() -> h.apply.apply(request()))
        .isInstanceOf(AppException.class)
        .hasMessage(
            "service 'web': cannot run as user 'app': this control plane cannot run replicas as"
                + " another user");
    assertThatThrownBy(() -> h.apply.validate(request())).isInstanceOf(AppException.class);
    java.util.List<dev.berth.engine.store.EnvironmentRecord> envs =
        store.read(tx -> tx.environments().list());
    assertThat(envs).isEmpty();
  }

  @Test
  void theRuntimesReasonIsTheProblemAndAnAcceptedUserReachesTheReplica() {
    RunAsPolicy onlyApp =
        user ->
            user.equals("app")
                ? Optional.empty()
                : Optional.of("user '" + user + "' does not exist on this machine");
    ApplyService apply =
        new ApplyService(store, h.bus, h.queue::add, clock, onlyApp, h.code, h.builder);
    assertThatThrownBy(
            () ->
                apply.apply(
                    new ApplyRequest(
                        "berth.yaml",
                        SPEC.replace("user: app", "user: nobody2"),
                        null,
                        app.toString(),
                        "production",
                        new dev.berth.engine.app.Actor("tester", "test"),
                        "",
                        "",
                        null)))
        .hasMessageContaining("user 'nobody2' does not exist on this machine");

    apply.apply(request());
    h.runUntilIdle();
    assertThat(h.runtime.spec("web-1").user()).isEqualTo("app");
  }
}
