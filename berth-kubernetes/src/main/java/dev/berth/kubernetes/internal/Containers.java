package dev.berth.kubernetes.internal;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's container: image, args, port, environment, resources and probes.
 *
 * <p>The spec's one health check becomes up to three probes with the same handler: readiness
 * (traffic), liveness (restart after {@code failureThreshold} failures, when {@code liveness}) and
 * a startup probe that gives a starting replica {@code startupTimeout} before liveness may restart
 * it — the local runtime's rules, in Kubernetes' terms. Durations round up to whole seconds.
 */
public final class Containers {

  /** The container port's name, which Services and probes refer to. */
  public static final String PORT_NAME = "http";

  private Containers() {}

  /** {@code sh -c <command>}, so the image's ENTRYPOINT still runs; none for an empty command. */
  public static List<String> args(String command) {
    return command == null || command.isEmpty() ? List.of() : List.of("sh", "-c", command);
  }

  public static Container of(ServiceSpec s, Meta meta) {
    ContainerBuilder c =
        new ContainerBuilder()
            .withName(s.name())
            .withImage(s.image())
            .withArgs(args(s.command()))
            .withEnv(berthEnv(s, meta))
            .addNewEnvFrom()
            .withNewConfigMapRef()
            .withName(configMapName(s.name()))
            .endConfigMapRef()
            .endEnvFrom()
            .withResources(Amounts.resources(s.resources()));
    if (s.type() == ServiceType.WEB) {
      c.addNewPort().withName(PORT_NAME).withContainerPort(s.port()).withProtocol("TCP").endPort();
    }
    HealthCheck h = s.health();
    if (h.kind() != HealthCheck.Kind.NONE) {
      c.withReadinessProbe(probe(h, h.failureThreshold(), h.interval()));
      if (h.liveness()) {
        c.withLivenessProbe(probe(h, h.failureThreshold(), h.interval()));
        c.withStartupProbe(startup(h));
      }
    }
    return c.build();
  }

  public static String configMapName(String service) {
    return service + "-env";
  }

  /** What Berth sets locally too: PORT for web services, and who the replica belongs to. */
  static List<EnvVar> berthEnv(ServiceSpec s, Meta meta) {
    List<EnvVar> env = new ArrayList<>();
    if (s.type() == ServiceType.WEB) {
      env.add(var("PORT", Integer.toString(s.port())));
    }
    env.add(var("BERTH_PROJECT", meta.input().project()));
    env.add(var("BERTH_ENVIRONMENT", meta.input().environment().name()));
    env.add(var("BERTH_SERVICE", s.name()));
    return env;
  }

  static EnvVar var(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static Probe startup(HealthCheck h) {
    int period = Amounts.atLeastOneSecond(h.interval());
    int window = Amounts.seconds(h.startupTimeout().minus(h.initialDelay()));
    int threshold = Math.max(1, (window + period - 1) / period);
    return probe(h, threshold, h.interval());
  }

  private static Probe probe(HealthCheck h, int failureThreshold, Duration period) {
    ProbeBuilder p =
        new ProbeBuilder()
            .withInitialDelaySeconds(Amounts.seconds(h.initialDelay()))
            .withPeriodSeconds(Amounts.atLeastOneSecond(period))
            .withTimeoutSeconds(Amounts.atLeastOneSecond(h.timeout()))
            .withFailureThreshold(failureThreshold);
    switch (h.kind()) {
      case HTTP ->
          p.withNewHttpGet().withPath(h.target()).withPort(new IntOrString(PORT_NAME)).endHttpGet();
      case TCP -> p.withNewTcpSocket().withPort(new IntOrString(PORT_NAME)).endTcpSocket();
      case EXEC -> p.withNewExec().withCommand("sh", "-c", h.target()).endExec();
      case NONE -> throw new IllegalArgumentException("no probe for kind NONE");
    }
    return p.build();
  }
}
