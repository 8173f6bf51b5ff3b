package dev.berth.kubernetes.deploy;

import dev.berth.testkit.MutableClock;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Plays the cluster's controllers for the mock API server in CRUD mode (which has none): on each
 * {@link #pause} the clock moves on and the Deployment and Job controllers "act" as the test says —
 * roll out, stall, fail a Job — by writing the objects' status.
 */
final class FakeCluster implements Pause {

  /** The mock server logs every request at INFO: thousands per test. */
  static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  /** What the Deployment controller does with a Deployment. */
  enum Rollout {
    READY,
    STALLED,
    NOTHING
  }

  final KubernetesClient client;
  final String namespace;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
  int pauses;
  Predicate<Deployment> stalls = d -> false;
  Rollout rollout = Rollout.READY;
  boolean jobsSucceed = true;

  FakeCluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void pause(Duration step) {
    pauses++;
    clock.advance(step);
    for (Job j : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
      if (j.getStatus() == null) {
        j.setStatus(
            jobsSucceed
                ? new JobStatusBuilder().withSucceeded(1).build()
                : new JobStatusBuilder()
                    .withFailed(1)
                    .addNewCondition()
                    .withType("Failed")
                    .withStatus("True")
                    .withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit")
                    .endCondition()
                    .build());
        client.resource(j).updateStatus();
      }
    }
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      Rollout r = stalls.test(d) ? Rollout.STALLED : rollout;
      if (r == Rollout.NOTHING) {
        continue;
      }
      int want = d.getSpec().getReplicas();
      long gen = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
      DeploymentStatusBuilder s = new DeploymentStatusBuilder().withObservedGeneration(gen);
      if (r == Rollout.READY) {
        s.withReplicas(want).withUpdatedReplicas(want).withAvailableReplicas(want);
      } else {
        s.withReplicas(want + 1)
            .withUpdatedReplicas(1)
            .withAvailableReplicas(want)
            .withConditions(
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .build());
      }
      d.setStatus(s.build());
      client.resource(d).updateStatus();
    }
  }
}
