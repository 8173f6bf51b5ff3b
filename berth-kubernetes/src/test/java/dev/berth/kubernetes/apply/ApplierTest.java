package dev.berth.kubernetes.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.kubernetes.KubernetesRenderer;
import dev.berth.kubernetes.RenderInput;
import dev.berth.kubernetes.Rendering;
import dev.berth.kubernetes.apply.ApplyPlan.Action;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The applier against fabric8's mock API server in CRUD mode (no controllers, no SSA). */
@EnableKubernetesMockClient(crud = true)
class ApplierTest {

  KubernetesClient client;
  KubernetesMockServer server;

  static final String SPEC =
      """
      project: lms
      services:
        web: {command: ./web, replicas: 2, image: r.example/lms:1, env: {A: "1"}}
        worker: {command: ./work, image: r.example/lms:1}
      release: {command: ./migrate}
      environments:
        production: {target: kubernetes}
      """;

  static Rendering render(String release, UnaryOperator<Map<String, ServiceSpec>> change)
      throws Exception {
    ProjectSpec spec = SpecParser.parse(new SpecSource("berth.yaml", SPEC, ""));
    EnvironmentSpec env = spec.environment("production");
    Map<String, ServiceSpec> services = change.apply(new LinkedHashMap<>(env.services()));
    return KubernetesRenderer.render(
        new RenderInput(
            "lms",
            new EnvironmentSpec("production", env.target(), services),
            spec.release(),
            release));
  }

  List<Action> apply(Rendering r) {
    return new Applier(new ReplaceWrites(client))
        .apply(r, "lms", "production").stream().map(ApplyPlan.Step::action).toList();
  }

  static long count(List<Action> actions, Action a) {
    return actions.stream().filter(a::equals).count();
  }

  @Test
  void createsEverythingInOrderThenAnUnchangedReapplyWritesNothing() throws Exception {
    Rendering v1 = render("v1", s -> s);

    assertThat(apply(v1)).containsOnly(Action.CREATE).hasSize(v1.objects().size());
    assertThat(client.apps().deployments().inNamespace("lms-production").list().getItems())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("web", "worker");
    int before = server.getRequestCount();

    List<Action> again = apply(v1);

    assertThat(again).containsOnly(Action.UNCHANGED);
    assertThat(server.getRequestCount() - before)
        .as("reads only: the namespace and one list per prunable kind, whatever the object count")
        .isEqualTo(1 + Applier.PRUNABLE.size());
  }

  @Test
  void aChangedServiceIsUpdatedAndARemovedOneIsPrunedByLabelOnly() throws Exception {
    apply(render("v1", s -> s));
    client
        .configMaps()
        .inNamespace("lms-production")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("someone-elses")
                .withNamespace("lms-production")
                .endMetadata()
                .build())
        .create();

    List<Action> v2 =
        apply(
            render(
                "v2",
                s -> {
                  s.remove("worker");
                  ServiceSpec web = s.get("web");
                  s.put(
                      "web",
                      new ServiceSpec(
                          web.name(),
                          web.type(),
                          web.command(),
                          web.port(),
                          3,
                          web.resources(),
                          web.env(),
                          web.health(),
                          null,
                          "",
                          web.deploy(),
                          null,
                          "r.example/lms:2"));
                  return s;
                }));

    assertThat(count(v2, Action.PRUNE))
        .as("worker's Deployment and ConfigMap, and the v1 release Job")
        .isEqualTo(3);
    Deployment web =
        client.apps().deployments().inNamespace("lms-production").withName("web").get();
    assertThat(web.getSpec().getReplicas()).isEqualTo(3);
    assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("r.example/lms:2");
    assertThat(client.apps().deployments().inNamespace("lms-production").withName("worker").get())
        .isNull();
    assertThat(client.configMaps().inNamespace("lms-production").withName("someone-elses").get())
        .as("not Berth's: never pruned")
        .isNotNull();
    assertThat(client.batch().v1().jobs().inNamespace("lms-production").list().getItems())
        .extracting(Job::getMetadata)
        .extracting(m -> m.getName())
        .containsExactly("release-v2");
  }
}
