package dev.berth.kubernetes;

import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.kubernetes.internal.CronJobs;
import dev.berth.kubernetes.internal.Hpas;
import dev.berth.kubernetes.internal.Meta;
import dev.berth.kubernetes.internal.NotRenderedYet;
import dev.berth.kubernetes.internal.ReleaseJob;
import dev.berth.kubernetes.internal.ScaledObjects;
import dev.berth.kubernetes.internal.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders one environment's release as Kubernetes objects. A pure function: no client, no clock, no
 * randomness; the same input gives equal objects in the same order, and nothing rendered carries a
 * timestamp.
 *
 * <p>Per environment a Namespace; per web service a ConfigMap, Deployment and Service; per worker a
 * ConfigMap and Deployment; per cron service a ConfigMap and CronJob; a PodDisruptionBudget for
 * services with 2+ replicas; per autoscaled service a KEDA ScaledObject (or, without KEDA, an HPA
 * for its cpu/memory triggers); the release command as a Job that runs before the Deployments
 * change. See {@code docs/kubernetes.md} for the mapping of each spec key.
 */
public final class KubernetesRenderer {
  private KubernetesRenderer() {}

  public static Rendering render(RenderInput in) {
    Meta meta = new Meta(in);
    List<String> notes = new ArrayList<>();
    List<ServiceSpec> services = in.environment().serviceList();
    List<ServiceSpec> longRunning = services.stream().filter(Workloads::longRunning).toList();
    for (ServiceSpec s : services) {
      if (s.image() == null) {
        throw new IllegalArgumentException(
            "service '"
                + s.name()
                + "' has no image: add image: to it in berth.yaml (a kubernetes environment"
                + " needs one per service)");
      }
    }

    List<HasMetadata> out = new ArrayList<>();
    out.add(
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(meta.namespace())
            .withLabels(namespaceLabels(meta))
            .withAnnotations(Map.of(Meta.RELEASE, in.release()))
            .endMetadata()
            .build());
    for (ServiceSpec s : services) {
      out.add(Workloads.configMap(s, meta));
      out.addAll(NotRenderedYet.secret(s, meta, notes));
    }
    if (in.releasePhase() != null && !services.isEmpty()) {
      out.add(ReleaseJob.of(in.releasePhase(), services.get(0), meta));
    }
    for (ServiceSpec s : longRunning) {
      if (s.type() == ServiceType.WEB) {
        out.add(Workloads.service(s, meta));
        out.addAll(NotRenderedYet.ingress(s, meta, notes));
      }
    }
    for (ServiceSpec s : longRunning) {
      out.add(Workloads.deployment(s, meta));
    }
    for (ServiceSpec s : longRunning) {
      if (Workloads.needsDisruptionBudget(s)) {
        out.add(Workloads.disruptionBudget(s, meta));
      }
    }
    for (ServiceSpec s : services) {
      if (s.type() == ServiceType.CRON) {
        out.add(CronJobs.of(s, meta, notes));
      }
    }
    for (ServiceSpec s : longRunning) {
      if (s.autoscale() != null) {
        out.addAll(in.keda() ? ScaledObjects.of(s, meta, notes) : Hpas.of(s, meta, notes));
      }
    }
    return new Rendering(meta.namespace(), out, notes);
  }

  private static Map<String, String> namespaceLabels(Meta meta) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(Meta.PART_OF, meta.input().project());
    m.put(Meta.MANAGED_BY, "berth");
    m.put(Meta.VERSION, meta.input().release());
    m.put(Meta.PROJECT, meta.input().project());
    m.put(Meta.ENVIRONMENT, meta.input().environment().name());
    return m;
  }
}
