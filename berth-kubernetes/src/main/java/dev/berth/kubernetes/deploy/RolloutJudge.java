package dev.berth.kubernetes.deploy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;

/**
 * Whether a Deployment's rollout or the release Job is done, still going, or failed: pure functions
 * of the live objects (no client, no clock), so every case is a table test.
 *
 * <p>A rollout is <b>complete</b> as {@code kubectl rollout status} says: the controller has seen
 * the latest spec ({@code observedGeneration >= generation}), every replica runs the new template
 * ({@code updatedReplicas == replicas}), no old replica is left ({@code status.replicas ==
 * updatedReplicas}), and all are available. It has <b>failed</b> when the Deployment's {@code
 * Progressing} condition is {@code False} with reason {@code ProgressDeadlineExceeded} (which
 * Kubernetes reports and never acts on), or when a pod of the new template is crash-looping ({@code
 * CrashLoopBackOff}, or restarted {@value #CRASH_RESTARTS} times or more): waiting for the deadline
 * then only delays the rollback.
 */
public final class RolloutJudge {

  /** Restarts of one container after which a new pod counts as crash-looping. */
  public static final int CRASH_RESTARTS = 3;

  /** Where one rollout stands. */
  public enum Phase {
    PROGRESSING,
    COMPLETE,
    FAILED
  }

  /** A phase and, for a person, why. */
  public record Verdict(Phase phase, String reason) {
    static Verdict progressing(String why) {
      return new Verdict(Phase.PROGRESSING, why);
    }
  }

  private RolloutJudge() {}

  /**
   * @param d the live Deployment
   * @param pods its pods (those its selector matches); crash loops are looked for among them
   */
  public static Verdict deployment(Deployment d, List<Pod> pods) {
    String name = "deployment '" + d.getMetadata().getName() + "'";
    DeploymentStatus s = d.getStatus();
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (s != null && s.getConditions() != null) {
      for (DeploymentCondition c : s.getConditions()) {
        if ("Progressing".equals(c.getType())
            && "False".equals(c.getStatus())
            && "ProgressDeadlineExceeded".equals(c.getReason())) {
          return new Verdict(
              Phase.FAILED,
              name
                  + " exceeded its progress deadline ("
                  + d.getSpec().getProgressDeadlineSeconds()
                  + "s) with "
                  + orZero(s.getAvailableReplicas())
                  + " of "
                  + want
                  + " replicas available");
        }
      }
    }
    for (Pod p : pods) {
      String crash = crashLoop(p);
      if (crash != null) {
        return new Verdict(Phase.FAILED, name + ": " + crash);
      }
    }
    if (s == null) {
      return Verdict.progressing(name + ": waiting for the controller");
    }
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    long observed = s.getObservedGeneration() == null ? -1 : s.getObservedGeneration();
    if (observed < generation) {
      return Verdict.progressing(name + ": waiting for the controller to see the new spec");
    }
    int updated = orZero(s.getUpdatedReplicas());
    int total = orZero(s.getReplicas());
    int available = orZero(s.getAvailableReplicas());
    if (updated < want) {
      return Verdict.progressing(name + ": " + updated + " of " + want + " replicas updated");
    }
    if (total > updated) {
      return Verdict.progressing(name + ": " + (total - updated) + " old replicas terminating");
    }
    if (available < want) {
      return Verdict.progressing(name + ": " + available + " of " + want + " replicas available");
    }
    return new Verdict(Phase.COMPLETE, name + ": " + want + " of " + want + " replicas available");
  }

  /** The release Job: complete when it succeeded, failed on its {@code Failed} condition. */
  public static Verdict job(Job j) {
    String name = "release job '" + j.getMetadata().getName() + "'";
    var s = j.getStatus();
    if (s == null) {
      return Verdict.progressing(name + ": not started");
    }
    if (s.getConditions() != null) {
      for (JobCondition c : s.getConditions()) {
        if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
          return new Verdict(
              Phase.FAILED,
              name
                  + " failed"
                  + (c.getReason() == null ? "" : " (" + c.getReason() + ")")
                  + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        }
        if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
          return new Verdict(Phase.COMPLETE, name + " completed");
        }
      }
    }
    if (orZero(s.getSucceeded()) >= 1) {
      return new Verdict(Phase.COMPLETE, name + " completed");
    }
    if (orZero(s.getFailed()) >= 1) {
      return new Verdict(Phase.FAILED, name + " failed: its pod exited with an error");
    }
    return Verdict.progressing(name + ": running");
  }

  /** Why a pod is crash-looping, or {@code null}. */
  static String crashLoop(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
      boolean backOff =
          c.getState() != null
              && c.getState().getWaiting() != null
              && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason());
      int restarts = orZero(c.getRestartCount());
      if (backOff || restarts >= CRASH_RESTARTS) {
        return "pod "
            + p.getMetadata().getName()
            + " is crash-looping ("
            + restarts
            + " restarts"
            + (backOff ? ", CrashLoopBackOff" : "")
            + "): see berth logs";
      }
    }
    return null;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
