package dev.berth.kubernetes.apply;

import dev.berth.kubernetes.internal.ScaledObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ClusterWrites} with create and replace (optimistic: the live object's resourceVersion goes
 * with the replacement, so a concurrent change fails instead of being overwritten silently).
 *
 * <p>KEDA's ScaledObject has no typed model: it goes through the generic API with its resource
 * definition given here, so no discovery call is needed (the mock API server has none).
 */
public final class ReplaceWrites implements ClusterWrites {

  /** KEDA's ScaledObject, namespaced, plural {@code scaledobjects}. */
  public static final ResourceDefinitionContext SCALED_OBJECT =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind(ScaledObjects.KIND)
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private static final Map<String, Class<? extends HasMetadata>> TYPED =
      Map.of(
          "ConfigMap", ConfigMap.class,
          "Job", Job.class,
          "Service", Service.class,
          "Deployment", Deployment.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "CronJob", CronJob.class,
          "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

  private final KubernetesClient client;

  public ReplaceWrites(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public HasMetadata get(HasMetadata desired) {
    return op(desired).get();
  }

  @Override
  public void create(HasMetadata desired) {
    op(desired).create();
  }

  @Override
  public void update(HasMetadata desired, HasMetadata live) {
    HasMetadata copy = client.getKubernetesSerialization().clone(desired);
    copy.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
    op(copy).update();
  }

  @Override
  public List<HasMetadata> list(String kind, String namespace, Map<String, String> selector) {
    if (kind.equals(ScaledObjects.KIND)) {
      try {
        return new ArrayList<>(
            client
                .genericKubernetesResources(SCALED_OBJECT)
                .inNamespace(namespace)
                .withLabels(selector)
                .list()
                .getItems());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return List.of(); // no KEDA: nothing of that kind can exist
        }
        throw e;
      }
    }
    Class<? extends HasMetadata> type = TYPED.get(kind);
    if (type == null) {
      throw new IllegalArgumentException("not a kind Berth renders: " + kind);
    }
    return new ArrayList<>(
        client.resources(type).inNamespace(namespace).withLabels(selector).list().getItems());
  }

  @Override
  public void delete(HasMetadata live) {
    op(live).delete();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Resource<HasMetadata> op(HasMetadata o) {
    if (o instanceof GenericKubernetesResource g && ScaledObjects.KIND.equals(g.getKind())) {
      return (Resource)
          client
              .genericKubernetesResources(SCALED_OBJECT)
              .inNamespace(g.getMetadata().getNamespace())
              .resource(g);
    }
    return client.resource(o);
  }
}
