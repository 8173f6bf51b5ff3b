package dev.berth.kubernetes.apply;

import dev.berth.kubernetes.Manifests;
import dev.berth.kubernetes.Rendering;
import dev.berth.kubernetes.internal.Meta;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a rendering through a {@link ClusterWrites}: reads the live objects, decides with {@link
 * ApplyPlan}, then creates and updates in apply order and prunes. It neither waits for the release
 * Job nor watches rollouts: {@link dev.berth.kubernetes.deploy.KubernetesDeployer} does, around it.
 */
public final class Applier {

  /**
   * The kinds Berth renders in an environment's namespace, which pruning lists, in apply order (so
   * that pruning, in reverse, removes dependents first).
   */
  public static final List<String> PRUNABLE =
      List.of(
          "ConfigMap",
          "Job",
          "Service",
          "Deployment",
          "PodDisruptionBudget",
          "CronJob",
          "HorizontalPodAutoscaler",
          "ScaledObject");

  private final ClusterWrites writes;

  public Applier(ClusterWrites writes) {
    this.writes = writes;
  }

  /** Applies and prunes; returns what was done, step by step. */
  public List<ApplyPlan.Step> apply(Rendering r, String project, String environment) {
    return apply(r, project, environment, true);
  }

  /**
   * Applies {@code r}; with {@code prune}, also removes what Berth created for this environment
   * that {@code r} does not hold. Without it, {@code r} may be a first part of a rendering (the
   * objects the release Job needs, applied before the Job completes and the rest changes).
   */
  public List<ApplyPlan.Step> apply(
      Rendering r, String project, String environment, boolean prune) {
    List<HasMetadata> live = new ArrayList<>();
    for (HasMetadata d : r.objects()) {
      live.add(writes.get(d));
    }
    boolean namespaceExists = live.isEmpty() || live.get(0) != null;
    List<HasMetadata> managed = new ArrayList<>();
    if (namespaceExists && prune) {
      for (String kind : PRUNABLE) {
        managed.addAll(writes.list(kind, r.namespace(), selector(project, environment)));
      }
    }
    List<ApplyPlan.Step> steps =
        ApplyPlan.decide(r.objects(), live, managed, Manifests.serialization());
    for (int i = 0; i < steps.size(); i++) {
      ApplyPlan.Step s = steps.get(i);
      switch (s.action()) {
        case CREATE -> writes.create(s.object());
        case UPDATE -> writes.update(s.object(), live.get(i));
        case PRUNE -> writes.delete(s.object());
        case UNCHANGED -> {}
      }
    }
    return steps;
  }

  /** Berth's labels for one environment: pruning never selects anything else. */
  public static Map<String, String> selector(String project, String environment) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(Meta.MANAGED_BY, "berth");
    m.put(Meta.PROJECT, project);
    m.put(Meta.ENVIRONMENT, environment);
    return m;
  }
}
