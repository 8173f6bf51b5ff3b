package dev.berth.kubernetes.apply;

import dev.berth.kubernetes.Manifests;
import dev.berth.kubernetes.Rendering;
import dev.berth.kubernetes.internal.Meta;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a rendering through a {@link ClusterWrites}: reads the live objects, decides with {@link
 * ApplyPlan}, then creates and updates in apply order and prunes. Not wired into the control plane
 * yet; it does not wait for the release Job or watch rollouts.
 */
public final class Applier {

  /** The kinds Berth renders in an environment's namespace, which pruning lists. */
  static final List<Class<? extends HasMetadata>> PRUNABLE =
      List.of(
          PodDisruptionBudget.class, Deployment.class, Service.class, Job.class, ConfigMap.class);

  private final ClusterWrites writes;

  public Applier(ClusterWrites writes) {
    this.writes = writes;
  }

  /** Applies and returns what was done, step by step. */
  public List<ApplyPlan.Step> apply(Rendering r, String project, String environment) {
    List<HasMetadata> live = new ArrayList<>();
    for (HasMetadata d : r.objects()) {
      live.add(writes.get(d));
    }
    boolean namespaceExists = live.isEmpty() || live.get(0) != null;
    List<HasMetadata> managed = new ArrayList<>();
    if (namespaceExists) {
      for (Class<? extends HasMetadata> kind : PRUNABLE) {
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
