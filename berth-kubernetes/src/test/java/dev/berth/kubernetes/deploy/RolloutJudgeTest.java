package dev.berth.kubernetes.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.kubernetes.deploy.RolloutJudge.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rollout verdict from a Deployment's status, as {@code kubectl rollout status} reads it. */
class RolloutJudgeTest {

  static Deployment d(
      long generation, Long observed, int replicas, int updated, int total, int available) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(600)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withUpdatedReplicas(updated)
        .withReplicas(total)
        .withAvailableReplicas(available)
        .endStatus()
        .build();
  }

  @ParameterizedTest(
      name = "gen {0} observed {1}, want {2}: updated {3} total {4} available {5} -> {6}")
  @CsvSource({
    "2, 2, 3, 3, 3, 3, COMPLETE",
    "2, 1, 3, 3, 3, 3, PROGRESSING", // the controller has not seen the new spec: old status
    "2, 2, 3, 1, 4, 3, PROGRESSING", // one new replica so far
    "2, 2, 3, 3, 4, 3, PROGRESSING", // an old replica still terminating
    "2, 2, 3, 3, 3, 2, PROGRESSING", // not all available
    "1, 1, 0, 0, 0, 0, COMPLETE" // scaled to zero
  })
  void rolloutStatus(
      long gen, long observed, int want, int updated, int total, int available, Phase phase) {
    assertThat(
            RolloutJudge.deployment(d(gen, observed, want, updated, total, available), List.of())
                .phase())
        .isEqualTo(phase);
  }

  @Test
  void progressDeadlineExceededFailsWithTheNumbers() {
    Deployment stalled = d(2, 2L, 3, 1, 4, 3);
    stalled
        .getStatus()
        .setConditions(
            List.of(
                new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .build()));

    RolloutJudge.Verdict v = RolloutJudge.deployment(stalled, List.of());

    assertThat(v.phase()).isEqualTo(Phase.FAILED);
    assertThat(v.reason()).contains("progress deadline (600s)", "3 of 3 replicas available");
  }

  static Pod pod(int restarts, String waiting) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-1")
        .endMetadata()
        .withNewStatus()
        .addNewContainerStatus()
        .withRestartCount(restarts)
        .withNewState()
        .withNewWaiting()
        .withReason(waiting)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @ParameterizedTest
  @CsvSource({
    "0, ContainerCreating, PROGRESSING",
    "1, CrashLoopBackOff, FAILED",
    "3, '', FAILED",
    "2, '', PROGRESSING"
  })
  void aCrashLoopingPodFailsTheRollout(int restarts, String waiting, Phase phase) {
    assertThat(
            RolloutJudge.deployment(d(2, 2L, 3, 1, 3, 2), List.of(pod(restarts, waiting))).phase())
        .isEqualTo(phase);
  }

  @Test
  void theReleaseJob() {
    Job running =
        new JobBuilder()
            .withNewMetadata()
            .withName("release-v2")
            .endMetadata()
            .withNewStatus()
            .withActive(1)
            .endStatus()
            .build();
    Job done = new JobBuilder(running).editStatus().withSucceeded(1).endStatus().build();
    Job failed =
        new JobBuilder(running)
            .editStatus()
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason("DeadlineExceeded")
            .endCondition()
            .endStatus()
            .build();

    assertThat(RolloutJudge.job(running).phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(RolloutJudge.job(done).phase()).isEqualTo(Phase.COMPLETE);
    assertThat(RolloutJudge.job(failed).phase()).isEqualTo(Phase.FAILED);
    assertThat(RolloutJudge.job(failed).reason()).contains("release-v2", "DeadlineExceeded");
  }
}
