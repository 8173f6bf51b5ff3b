package dev.berth.kubernetes.internal;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects of a long-running service (web or worker): its ConfigMap, Deployment, Service (web
 * only, port 80 to the container's named port) and PodDisruptionBudget (2+ replicas).
 */
public final class Workloads {

  /**
   * What the local runtime gives a replica between SIGTERM and SIGKILL; the spec has no key for it
   * yet.
   */
  public static final long TERMINATION_GRACE_SECONDS = 30;

  /** The port a web service's Service listens on. */
  public static final int SERVICE_PORT = 80;

  private Workloads() {}

  /** The service's environment variables, keys sorted, as a ConfigMap. */
  public static ConfigMap configMap(ServiceSpec s, Meta meta) {
    return new ConfigMapBuilder()
        .withMetadata(meta.object(Containers.configMapName(s.name()), s.name(), component(s)))
        .withData(new TreeMap<>(s.env()))
        .build();
  }

  public static Deployment deployment(ServiceSpec s, Meta meta) {
    String component = component(s);
    DeploySpec d = s.deploy();
    return new DeploymentBuilder()
        .withMetadata(meta.object(s.name(), s.name(), component))
        .withNewSpec()
        .withReplicas(s.replicas())
        .withNewSelector()
        .withMatchLabels(meta.selector(s.name(), component))
        .endSelector()
        .withStrategy(strategy(d))
        .withMinReadySeconds(Amounts.seconds(d.minReady()))
        .withProgressDeadlineSeconds(Amounts.atLeastOneSecond(d.progressDeadline()))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(meta.podLabels(s.name(), component))
        .withAnnotations(Map.of(Meta.CONFIG_HASH, ConfigHash.of(s.env())))
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        .withContainers(Containers.of(s, meta))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static DeploymentStrategy strategy(DeploySpec d) {
    if (d.strategy() == DeploySpec.Strategy.RECREATE) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(intOrPercent(d.maxSurge()))
        .withMaxUnavailable(intOrPercent(d.maxUnavailable()))
        .endRollingUpdate()
        .build();
  }

  static IntOrString intOrPercent(CountOrPercent c) {
    return c.percent() ? new IntOrString(c.value() + "%") : new IntOrString(c.value());
  }

  public static Service service(ServiceSpec s, Meta meta) {
    return new ServiceBuilder()
        .withMetadata(meta.object(s.name(), s.name(), component(s)))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(meta.selector(s.name(), component(s)))
        .addNewPort()
        .withName(Containers.PORT_NAME)
        .withPort(SERVICE_PORT)
        .withTargetPort(new IntOrString(Containers.PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** At most one replica down at a time for voluntary disruptions (node drains, upgrades). */
  public static PodDisruptionBudget disruptionBudget(ServiceSpec s, Meta meta) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(meta.object(s.name(), s.name(), component(s)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(meta.selector(s.name(), component(s)))
        .endSelector()
        .endSpec()
        .build();
  }

  public static boolean needsDisruptionBudget(ServiceSpec s) {
    return s.replicas() >= 2;
  }

  public static String component(ServiceSpec s) {
    return s.type().wireName();
  }

  public static boolean longRunning(ServiceSpec s) {
    return s.type() == ServiceType.WEB || s.type() == ServiceType.WORKER;
  }
}
