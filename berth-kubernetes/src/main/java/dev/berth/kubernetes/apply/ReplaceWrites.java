package dev.berth.kubernetes.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ClusterWrites} with create and replace (optimistic: the live object's resourceVersion goes
 * with the replacement, so a concurrent change fails instead of being overwritten silently).
 */
public final class ReplaceWrites implements ClusterWrites {

  private final KubernetesClient client;

  public ReplaceWrites(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public HasMetadata get(HasMetadata desired) {
    return client.resource(desired).get();
  }

  @Override
  public void create(HasMetadata desired) {
    client.resource(desired).create();
  }

  @Override
  public void update(HasMetadata desired, HasMetadata live) {
    HasMetadata copy = client.getKubernetesSerialization().clone(desired);
    copy.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
    client.resource(copy).update();
  }

  @Override
  public List<HasMetadata> list(
      Class<? extends HasMetadata> kind, String namespace, Map<String, String> selector) {
    return new ArrayList<>(
        client.resources(kind).inNamespace(namespace).withLabels(selector).list().getItems());
  }

  @Override
  public void delete(HasMetadata live) {
    client.resource(live).delete();
  }
}
