package dev.berth.kubernetes.apply;

import dev.berth.kubernetes.Manifests;
import dev.berth.kubernetes.Rendering;
import dev.berth.kubernetes.internal.Meta;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a rendering through a {@link ClusterWrites}: reads the live objects (the Namespace, then
 * one list per kind by Berth's labels, and a get only for a rendered object not listed: an
 * unchanged re-apply makes {@code 1 + PRUNABLE.size()} reads and no write), decides with {@link
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
    List<HasMetadata> objects = r.objects();
    HasMetadata namespace = objects.isEmpty() ? null : writes.get(objects.get(0));
    boolean namespaceExists = objects.isEmpty() || namespace != null;
    List<HasMetadata> managed = new ArrayList<>();
    Map<String, HasMetadata> byKey = new HashMap<>();
    if (namespaceExists) {
      for (String kind : PRUNABLE) {
        for (HasMetadata m : writes.list(kind, r.namespace(), selector(project, environment))) {
          managed.add(m);
          byKey.put(ApplyPlan.key(m), m);
        }
      }
    }
    List<HasMetadata> live = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      HasMetadata d = objects.get(i);
      HasMetadata l = i == 0 ? namespace : byKey.get(ApplyPlan.key(d));
      if (l == null && i > 0 && namespaceExists) {
        l = writes.get(d); // not listed as Berth's: absent, or someone else's of that name
      }
      live.add(l);
    }
    if (!prune) {
      managed.clear();
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
