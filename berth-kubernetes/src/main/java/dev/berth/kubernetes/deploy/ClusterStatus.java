package dev.berth.kubernetes.deploy;

import dev.berth.kubernetes.apply.Applier;
import dev.berth.kubernetes.internal.Meta;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code berth status} of a Kubernetes environment, read from the cluster: per Deployment its
 * desired and ready counts and a state from {@link RolloutJudge}, per pod its state, readiness,
 * restarts, node and start time (the fields of {@code berth status -o json}); per CronJob whether
 * it is suspended.
 */
public final class ClusterStatus {

  /** A service's state, as the API carries it. */
  public enum State {
    RUNNING,
    DEPLOYING,
    FAILED,
    SCHEDULED,
    SUSPENDED
  }

  /** One pod. */
  public record Replica(
      String id, String state, boolean ready, int restarts, String node, String startedAt) {}

  /** One service. */
  public record Service(
      String name,
      String type,
      String release,
      int desired,
      int ready,
      State state,
      List<Replica> replicas) {}

  /** The environment. */
  public record Environment(
      String project, String environment, String release, List<Service> services) {}

  private ClusterStatus() {}

  public static Environment read(KubernetesClient client, String project, String environment) {
    String ns = Meta.namespaceOf(project, environment);
    var selector = Applier.selector(project, environment);
    List<Service> services = new ArrayList<>();
    for (Deployment d :
        client.apps().deployments().inNamespace(ns).withLabels(selector).list().getItems()) {
      List<Pod> pods =
          client
              .pods()
              .inNamespace(ns)
              .withLabels(d.getSpec().getSelector().getMatchLabels())
              .list()
              .getItems();
      RolloutJudge.Verdict v = RolloutJudge.deployment(d, pods);
      State state =
          switch (v.phase()) {
            case COMPLETE -> State.RUNNING;
            case PROGRESSING -> State.DEPLOYING;
            case FAILED -> State.FAILED;
          };
      List<Replica> replicas = new ArrayList<>();
      for (Pod p : pods) {
        replicas.add(replica(p));
      }
      int ready =
          d.getStatus() == null || d.getStatus().getReadyReplicas() == null
              ? 0
              : d.getStatus().getReadyReplicas();
      services.add(
          new Service(
              d.getMetadata().getName(),
              d.getMetadata().getLabels().get(Meta.COMPONENT),
              d.getMetadata().getLabels().get(Meta.VERSION),
              d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(),
              ready,
              state,
              replicas));
    }
    for (CronJob c :
        client.batch().v1().cronjobs().inNamespace(ns).withLabels(selector).list().getItems()) {
      services.add(
          new Service(
              c.getMetadata().getName(),
              "cron",
              c.getMetadata().getLabels().get(Meta.VERSION),
              0,
              0,
              Boolean.TRUE.equals(c.getSpec().getSuspend()) ? State.SUSPENDED : State.SCHEDULED,
              List.of()));
    }
    String release =
        new ClusterReleaseHistory(client, ns, project, environment)
            .live()
            .map(ReleaseEntry::release)
            .orElse(null);
    return new Environment(project, environment, release, services);
  }

  private static Replica replica(Pod p) {
    int restarts = 0;
    boolean ready = false;
    if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
        restarts += c.getRestartCount() == null ? 0 : c.getRestartCount();
        ready = Boolean.TRUE.equals(c.getReady());
      }
    }
    String phase = p.getStatus() == null ? "Pending" : p.getStatus().getPhase();
    return new Replica(
        p.getMetadata().getName(),
        phase == null ? "Unknown" : phase,
        ready,
        restarts,
        p.getSpec() == null ? null : p.getSpec().getNodeName(),
        p.getStatus() == null ? null : p.getStatus().getStartTime());
  }
}
