package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.term.Term;
import dev.berth.engine.app.status.EnvironmentView;
import dev.berth.engine.app.status.ReplicaView;
import dev.berth.engine.app.status.ServiceState;
import dev.berth.engine.app.status.ServiceView;
import dev.berth.engine.runtime.ReplicaState;
import dev.berth.server.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CLI judges a deploy from the JSON the API writes: each case builds the engine's own status
 * view, serializes it as the server does, and judges what comes out, so a state spelled differently
 * on either side fails here.
 */
class ConvergenceWatchTest {

  static JsonNode env(ServiceState state, ReplicaState replica, int restarts) {
    ReplicaView r =
        new ReplicaView(
            "web-1",
            replica,
            false,
            restarts,
            0,
            0,
            "local",
            Instant.EPOCH,
            "",
            "",
            false,
            -1,
            -1,
            "v1");
    ServiceView s =
        new ServiceView(
            "web",
            "web",
            "v1",
            1,
            0,
            state,
            null,
            "./web",
            "100m",
            "128Mi",
            null,
            null,
            null,
            List.of(r));
    return Json.mapper()
        .valueToTree(
            new EnvironmentView(
                "shop", "production", "v1", "local", "/srv", Instant.EPOCH, List.of(s), null));
  }

  @ParameterizedTest
  @EnumSource(
      value = ServiceState.class,
      names = {"RUNNING", "SCHEDULED", "STOPPED", "SCALED_TO_ZERO"})
  void aSettledServiceConverges(ServiceState state) {
    assertThat(ConvergenceWatch.judge(env(state, ReplicaState.RUNNING, 0), null))
        .isEqualTo(ConvergenceWatch.Outcome.CONVERGED);
    assertThat(FailureSummary.of(env(state, ReplicaState.RUNNING, 0)))
        .isEqualTo("no service reported a problem");
  }

  @ParameterizedTest
  @EnumSource(
      value = ServiceState.class,
      names = {"STARTING", "DEPLOYING", "DEGRADED", "CRASHING", "STOPPING"})
  void anUnsettledServiceIsWaitedFor(ServiceState state) {
    assertThat(ConvergenceWatch.judge(env(state, ReplicaState.STARTING, 0), null)).isNull();
    assertThat(FailureSummary.of(env(state, ReplicaState.STARTING, 0)))
        .isEqualTo("web " + state.wireName() + " 0/1 ready");
  }

  @Test
  void aPendingServiceFailsAtOnce() {
    assertThat(ConvergenceWatch.judge(env(ServiceState.PENDING, ReplicaState.PENDING, 0), null))
        .isEqualTo(ConvergenceWatch.Outcome.FAILED);
  }

  @Test
  void aCrashLoopingReplicaFailsAfterThreeRestarts() {
    assertThat(ConvergenceWatch.judge(env(ServiceState.CRASHING, ReplicaState.BACKOFF, 2), null))
        .isNull();
    assertThat(
            ConvergenceWatch.judge(
                env(ServiceState.CRASHING, ReplicaState.BACKOFF, ConvergenceWatch.CRASH_RESTARTS),
                null))
        .isEqualTo(ConvergenceWatch.Outcome.FAILED);
  }

  @Test
  void aStateThisCliDoesNotKnowIsNotSettled() {
    JsonNode env = env(ServiceState.RUNNING, ReplicaState.RUNNING, 0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) env.path("services").get(0))
        .put("state", "rebooting");
    assertThat(ConvergenceWatch.judge(env, null)).isNull();
  }

  static JsonNode withLatest(JsonNode env, String version, String status, String reason) {
    ((com.fasterxml.jackson.databind.node.ObjectNode) env)
        .putObject("latest")
        .put("version", version)
        .put("status", status)
        .put("reason", reason);
    return env;
  }

  @Test
  void aFollowedReleaseDecidesTheOutcome() {
    JsonNode running = env(ServiceState.RUNNING, ReplicaState.RUNNING, 0);
    assertThat(ConvergenceWatch.judge(withLatest(running, "v2", "deploying", ""), "v2")).isNull();
    assertThat(ConvergenceWatch.judge(withLatest(running, "v2", "live", ""), "v2"))
        .isEqualTo(ConvergenceWatch.Outcome.CONVERGED);
    JsonNode back = withLatest(running, "v2", "rolled-back", "web: web-3 crash-loops");
    assertThat(ConvergenceWatch.judge(back, "v2")).isEqualTo(ConvergenceWatch.Outcome.FAILED);
    assertThat(FailureSummary.of(back, "v2")).isEqualTo("v2 rolled-back: web: web-3 crash-loops");
    JsonNode newer = withLatest(running, "v3", "deploying", "");
    assertThat(ConvergenceWatch.judge(newer, "v2")).isEqualTo(ConvergenceWatch.Outcome.FAILED);
    assertThat(FailureSummary.of(newer, "v2"))
        .isEqualTo("v2 was superseded by v3, applied after it");
  }

  @Test
  void aFollowedReleaseWaitsOutPendingReplicasForTheServerToJudge() {
    JsonNode pending =
        withLatest(env(ServiceState.PENDING, ReplicaState.PENDING, 0), "v2", "deploying", "");
    assertThat(ConvergenceWatch.judge(pending, "v2")).isNull();
  }

  @Test
  void statesAreColouredByWhatTheyMean() {
    Term t = new Term(new PrintStream(new ByteArrayOutputStream()), System.err, false, true);
    assertThat(t.state(ServiceState.CRASHING.wireName())).isEqualTo(t.red("crashing"));
    assertThat(t.state(ServiceState.SCALED_TO_ZERO.wireName())).isEqualTo(t.dim("scaled-to-zero"));
    assertThat(t.state(ServiceState.RUNNING.wireName())).isEqualTo(t.green("running"));
    assertThat(t.state(ReplicaState.BACKOFF.wireName())).isEqualTo(t.red("backoff"));
    assertThat(t.state(ReplicaState.TERMINATING.wireName())).isEqualTo(t.yellow("terminating"));
    assertThat(t.state("unchanged")).isEqualTo(t.dim("unchanged"));
  }
}
