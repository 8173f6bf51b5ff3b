package dev.berth.kubernetes.deploy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;

/** The client of the current kube context, as kubectl finds it (KUBECONFIG, ~/.kube/config). */
public final class KubeContext {
  private KubeContext() {}

  /**
   * A client for {@code context} (or the current one when {@code null}).
   *
   * @throws DeployException (UNREACHABLE) when no context is configured
   */
  public static KubernetesClient client(String context) {
    Config config = Config.autoConfigure(context);
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new DeployException(
          DeployException.Kind.UNREACHABLE,
          List.of(
              "no Kubernetes context is configured: set KUBECONFIG or run kubectl config"
                  + " use-context NAME"));
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
