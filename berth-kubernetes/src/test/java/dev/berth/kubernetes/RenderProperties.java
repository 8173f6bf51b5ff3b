package dev.berth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ReleasePhase;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.model.Target;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of any rendering: valid names, consistent labels, deterministic output. */
class RenderProperties {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

  @Property(tries = 200)
  void everyNameIsADnsLabelAndUniquePerKind(@ForAll("inputs") RenderInput in) {
    Rendering r = KubernetesRenderer.render(in);
    Set<String> seen = new HashSet<>();
    for (HasMetadata o : r.objects()) {
      String name = o.getMetadata().getName();
      assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
      assertThat(seen.add(o.getKind() + "/" + name)).as(o.getKind() + "/" + name).isTrue();
      if (!o.getKind().equals("Namespace")) {
        assertThat(o.getMetadata().getNamespace()).isEqualTo(r.namespace());
      }
    }
    assertThat(r.namespace()).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
  }

  @Property(tries = 200)
  void labelsAreValidAndSelectorsMatchTheirPods(@ForAll("inputs") RenderInput in) {
    Rendering r = KubernetesRenderer.render(in);
    Map<String, Map<String, String>> deploymentSelectors = new LinkedHashMap<>();
    for (HasMetadata o : r.objects()) {
      Map<String, String> labels = o.getMetadata().getLabels();
      assertThat(labels).containsEntry("app.kubernetes.io/managed-by", "berth");
      assertThat(labels).containsEntry("app.kubernetes.io/version", in.release());
      assertThat(o.getMetadata().getAnnotations()).containsEntry("berth.dev/release", in.release());
      labels.values().forEach(v -> assertThat(v).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE));
      if (o instanceof Deployment d) {
        Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
            .containsAllEntriesOf(selector)
            .doesNotContainKey("app.kubernetes.io/version");
        assertThat(labels).containsAllEntriesOf(selector);
        deploymentSelectors.put(d.getMetadata().getName(), selector);
      }
    }
    for (HasMetadata o : r.objects()) {
      if (o instanceof Service s) {
        assertThat(s.getSpec().getSelector())
            .isEqualTo(deploymentSelectors.get(s.getMetadata().getName()));
      }
      if (o instanceof PodDisruptionBudget p) {
        assertThat(p.getSpec().getSelector().getMatchLabels())
            .isEqualTo(deploymentSelectors.get(p.getMetadata().getName()));
      }
    }
    assertThat(new HashSet<>(deploymentSelectors.values()))
        .hasSameSizeAs(deploymentSelectors.values());
  }

  @Property(tries = 100)
  void renderingIsDeterministic(@ForAll("inputs") RenderInput in) {
    assertThat(Fixtures.yaml(KubernetesRenderer.render(in)))
        .isEqualTo(Fixtures.yaml(KubernetesRenderer.render(in)));
  }

  @Property(tries = 100)
  void everyLongRunningServiceGetsOneDeploymentWithItsReplicas(@ForAll("inputs") RenderInput in) {
    Rendering r = KubernetesRenderer.render(in);
    for (ServiceSpec s : in.environment().serviceList()) {
      List<Deployment> ds =
          r.objects().stream()
              .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(s.name()))
              .map(Deployment.class::cast)
              .toList();
      assertThat(ds).hasSize(1);
      assertThat(ds.get(0).getSpec().getReplicas()).isEqualTo(s.replicas());
      boolean pdb =
          r.objects().stream()
              .anyMatch(
                  o ->
                      o instanceof PodDisruptionBudget
                          && o.getMetadata().getName().equals(s.name()));
      assertThat(pdb).isEqualTo(s.replicas() >= 2);
    }
  }

  @Provide
  Arbitrary<RenderInput> inputs() {
    Arbitrary<String> label = labels();
    Arbitrary<List<ServiceSpec>> services =
        services().list().ofMinSize(1).ofMaxSize(6).uniqueElements(ServiceSpec::name);
    Arbitrary<String> release =
        Arbitraries.oneOf(
            Arbitraries.integers().between(1, 100_000).map(n -> "v" + n),
            label.map(l -> l.length() > RenderInput.MAX_RELEASE ? l.substring(0, 30) + "x" : l));
    return Combinators.combine(label, label, services, release, Arbitraries.of(true, false))
        .as(
            (project, env, list, rel, phase) -> {
              Map<String, ServiceSpec> m = new LinkedHashMap<>();
              list.forEach(s -> m.put(s.name(), s));
              return new RenderInput(
                  project,
                  new EnvironmentSpec(env, Target.KUBERNETES, m),
                  phase ? new ReleasePhase("./migrate", Duration.ofMinutes(5)) : null,
                  rel);
            });
  }

  /** DNS labels of 1 to 40 characters, as the spec allows for names. */
  static Arbitrary<String> labels() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z');
    Arbitrary<String> rest =
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMaxLength(38);
    Arbitrary<Character> last =
        Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyz0123456789".toCharArray());
    return Combinators.combine(first, rest, last, Arbitraries.of(true, false))
        .as((f, r, l, one) -> one ? String.valueOf(f) : f + r + l);
  }

  static Arbitrary<ServiceSpec> services() {
    Arbitrary<Map<String, String>> env =
        Arbitraries.maps(
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(20))
            .ofMaxSize(4);
    Arbitrary<HealthCheck> health =
        Arbitraries.of(HealthCheck.Kind.values())
            .map(
                k ->
                    HealthCheck.of(
                        k,
                        k == HealthCheck.Kind.HTTP
                            ? "/h"
                            : k == HealthCheck.Kind.EXEC ? "./p" : ""));
    Arbitrary<DeploySpec> deploy =
        Arbitraries.of(
            DeploySpec.DEFAULT,
            new DeploySpec(
                DeploySpec.Strategy.RECREATE,
                null,
                null,
                Duration.ofMillis(1500),
                null,
                true,
                null,
                null,
                null),
            new DeploySpec(
                DeploySpec.Strategy.ROLLING,
                CountOrPercent.count(2),
                CountOrPercent.percentOf(0),
                null,
                Duration.ofSeconds(42),
                false,
                null,
                null,
                null));
    return Combinators.combine(
            labels(),
            Arbitraries.of(ServiceType.WEB, ServiceType.WORKER),
            Arbitraries.integers().between(0, ServiceSpec.MAX_REPLICAS),
            env,
            health,
            deploy,
            Arbitraries.longs().between(1, 64_000))
        .as(
            (name, type, replicas, vars, h, d, cpu) ->
                new ServiceSpec(
                    name,
                    type,
                    "./run " + name,
                    type == ServiceType.WEB ? 8080 : 0,
                    replicas,
                    Resources.of(cpu, cpu << 20),
                    vars,
                    type == ServiceType.WORKER && h.kind() != HealthCheck.Kind.EXEC
                        ? HealthCheck.of(HealthCheck.Kind.NONE, "")
                        : h,
                    null,
                    "",
                    d,
                    null,
                    "registry.example.com/" + name + ":1"));
  }
}
