package dev.berth.kubernetes.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What applying a rendering changes, decided from the desired and live objects alone (no client):
 * create what is missing, update what differs, leave what is the same untouched, and prune what
 * Berth created for this environment that the rendering no longer has.
 *
 * <p>Invariants: "the same" means every field Berth sets has the live value (a live object may hold
 * more: defaults and status the server adds), so an unchanged object costs no write; a Job is never
 * updated (its template is immutable, and its name carries the release); a Deployment an HPA or a
 * ScaledObject of the rendering scales keeps its live replica count; pruning only ever considers
 * objects listed by Berth's labels for this project and environment, never a Namespace.
 */
public final class ApplyPlan {

  /** One step. */
  public record Step(Action action, HasMetadata object) {}

  /** What a step does. */
  public enum Action {
    CREATE,
    UPDATE,
    UNCHANGED,
    PRUNE
  }

  private ApplyPlan() {}

  /**
   * @param desired the rendering, in apply order
   * @param live the live object for each desired one (same index; {@code null} when absent)
   * @param managed the live objects carrying this environment's Berth labels
   */
  public static List<Step> decide(
      List<HasMetadata> desired,
      List<HasMetadata> live,
      List<HasMetadata> managed,
      KubernetesSerialization serialization) {
    List<Step> steps = new ArrayList<>();
    Set<String> keep = new HashSet<>();
    Set<String> scaled = scaleTargets(desired, serialization);
    for (int i = 0; i < desired.size(); i++) {
      HasMetadata d = desired.get(i);
      HasMetadata l = live.get(i);
      if (l instanceof Deployment ld
          && d instanceof Deployment dd
          && scaled.contains(dd.getMetadata().getName())
          && ld.getSpec() != null) {
        d = keepReplicas(dd, ld.getSpec().getReplicas(), serialization);
      }
      keep.add(key(d));
      if (l == null) {
        steps.add(new Step(Action.CREATE, d));
      } else if (d instanceof Job || contains(map(l, serialization), map(d, serialization))) {
        steps.add(new Step(Action.UNCHANGED, d));
      } else {
        steps.add(new Step(Action.UPDATE, d));
      }
    }
    List<Step> prunes = new ArrayList<>();
    for (HasMetadata m : managed) {
      if (!keep.contains(key(m)) && !m.getKind().equals("Namespace")) {
        prunes.add(0, new Step(Action.PRUNE, m)); // dependents first: reverse apply order
      }
    }
    steps.addAll(prunes);
    return steps;
  }

  /**
   * The Deployments an HPA or a ScaledObject of the rendering scales: their replica count is the
   * autoscaler's once they exist, so an apply never resets it to the starting count (as {@code
   * kubectl apply} of a manifest without {@code replicas} under an HPA).
   */
  @SuppressWarnings("unchecked")
  static Set<String> scaleTargets(List<HasMetadata> desired, KubernetesSerialization s) {
    Set<String> out = new HashSet<>();
    for (HasMetadata o : desired) {
      if (o instanceof HorizontalPodAutoscaler h) {
        out.add(h.getSpec().getScaleTargetRef().getName());
      } else if (o instanceof GenericKubernetesResource g
          && g.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
          && spec.get("scaleTargetRef") instanceof Map<?, ?> ref) {
        out.add(String.valueOf(ref.get("name")));
      }
    }
    return out;
  }

  private static Deployment keepReplicas(
      Deployment d, Integer replicas, KubernetesSerialization s) {
    Deployment copy = s.clone(d);
    copy.getSpec().setReplicas(replicas);
    return copy;
  }

  static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(HasMetadata o, KubernetesSerialization s) {
    return s.convertValue(o, Map.class);
  }

  /**
   * Whether {@code live} has every value of {@code want} (maps by key, lists element by element).
   */
  static boolean contains(Object live, Object want) {
    if (want instanceof Map<?, ?> w) {
      if (!(live instanceof Map<?, ?> l)) {
        return false;
      }
      for (Map.Entry<?, ?> e : w.entrySet()) {
        if (!contains(l.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (want instanceof List<?> w) {
      if (!(live instanceof List<?> l) || l.size() != w.size()) {
        return false;
      }
      for (int i = 0; i < w.size(); i++) {
        if (!contains(l.get(i), w.get(i))) {
          return false;
        }
      }
      return true;
    }
    return want == null ? live == null : String.valueOf(want).equals(String.valueOf(live));
  }
}
