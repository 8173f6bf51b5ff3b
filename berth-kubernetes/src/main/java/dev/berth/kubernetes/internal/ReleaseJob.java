package dev.berth.kubernetes.internal;

import dev.berth.core.model.ReleasePhase;
import dev.berth.core.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The release command as a Job named after the release, which must complete before any Deployment
 * changes: Berth's applier waits for it, and the Helm hook annotations make Helm (and Argo CD,
 * which maps them to a PreSync hook) run it first and wait too.
 *
 * <p>As locally: it runs once ({@code backoffLimit: 0}: a failed migration fails the release, it is
 * not retried), at most {@code timeout} ({@code activeDeadlineSeconds}), from the image and with
 * the environment variables of the first service in spec order, plus {@code BERTH_RELEASE}, {@code
 * BERTH_PROJECT} and {@code BERTH_ENVIRONMENT}. Its variables are inline, not from the ConfigMap: a
 * pre-install hook runs before the chart's ConfigMaps exist.
 */
public final class ReleaseJob {

  public static final String COMPONENT = "release";

  /** Helm hook annotations; kept in Berth's own rendering so the chart's output equals it. */
  public static final Map<String, String> HOOK =
      Map.of(
          "helm.sh/hook", "pre-install,pre-upgrade",
          "helm.sh/hook-delete-policy", "before-hook-creation");

  private ReleaseJob() {}

  public static String name(String release) {
    return "release-" + release;
  }

  /** The first service's variables and Berth's own, sorted by name. */
  public static Map<String, String> env(ServiceSpec first, Meta meta) {
    Map<String, String> env = new TreeMap<>(first.env());
    env.putAll(berthVariables(meta));
    return env;
  }

  public static Map<String, String> berthVariables(Meta meta) {
    Map<String, String> m = new TreeMap<>();
    m.put("BERTH_ENVIRONMENT", meta.input().environment().name());
    m.put("BERTH_PROJECT", meta.input().project());
    m.put("BERTH_RELEASE", meta.input().release());
    return m;
  }

  public static Job of(ReleasePhase phase, ServiceSpec first, Meta meta) {
    List<EnvVar> env = new ArrayList<>();
    env(first, meta).forEach((k, v) -> env.add(Containers.var(k, v)));
    Map<String, String> annotations = new TreeMap<>(HOOK);
    annotations.put(Meta.RELEASE, meta.input().release());
    return new JobBuilder()
        .withMetadata(meta.object(name(meta.input().release()), COMPONENT, COMPONENT))
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds((long) Amounts.atLeastOneSecond(phase.timeout()))
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(meta.podLabels(COMPONENT, COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(Workloads.TERMINATION_GRACE_SECONDS)
        .addNewContainer()
        .withName(COMPONENT)
        .withImage(first.image())
        .withArgs(Containers.args(phase.command()))
        .withEnv(env)
        .withResources(Amounts.resources(first.resources()))
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
