package dev.berth.kubernetes.internal;

import dev.berth.core.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The extension points for what the spec cannot say yet, rendered nothing today.
 *
 * <ul>
 *   <li>{@link #ingress}: a web service's Ingress (host, TLS, class configurable), once the spec
 *       has a host name for it. Locally the router derives host names; the spec has no key a
 *       cluster's ingress could use, so nothing is rendered and a web service is reachable inside
 *       the cluster through its Service.
 *   <li>{@link #secret}: a service's secret values as a Secret (referenced by {@code envFrom} next
 *       to its ConfigMap, never logged), once the spec or the config store marks values as secret.
 *       Until then every {@code env} value is in the ConfigMap.
 * </ul>
 *
 * Each returns the objects to add to the rendering (a Secret goes with the ConfigMaps, an Ingress
 * after the Services).
 */
public final class NotRenderedYet {
  private NotRenderedYet() {}

  /** A web service's Ingress: none until the spec has a host. */
  public static List<HasMetadata> ingress(ServiceSpec s, Meta meta, List<String> notes) {
    return List.of();
  }

  /** A service's Secret: none until values can be marked secret. */
  public static List<HasMetadata> secret(ServiceSpec s, Meta meta, List<String> notes) {
    return List.of();
  }
}
