package dev.berth.kubernetes.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The faults a deploy meets before it writes anything: an unreachable API server (exit 3), RBAC
 * that forbids a write (which verb on which resource), and KEDA's CRD deciding how autoscaling
 * renders.
 */
@EnableKubernetesMockClient(crud = true)
class PreflightTest {

  KubernetesClient client;
  KubernetesMockServer server;

  static final String AUTOSCALED =
      """
      project: lms
      services:
        worker:
          type: worker
          image: r.example/lms:1
          autoscale:
            min: 1
            max: 4
            triggers:
              - {type: cpu, value: 70}
              - {type: redis-list, address: "redis:6379", listName: jobs, listLength: 5}
      environments:
        production: {target: kubernetes}
      """;

  KubernetesDeployer deployer(List<String> progress) {
    FakeCluster c = new FakeCluster(client, "lms-production");
    return new KubernetesDeployer(client, c.clock(), c, progress::add);
  }

  @Test
  void anUnreachableApiServerIsExitThreeWithWhatToCheck() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    try (KubernetesClient nowhere =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:" + port)
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(2000)
                    .build())
            .build()) {
      KubernetesDeployer d = new KubernetesDeployer(nowhere, null, Pause.SLEEP, l -> {});

      assertThatThrownBy(
              () ->
                  d.deploy(KubernetesDeployerTest.input(KubernetesDeployerTest.spec("i:1"), "v1")))
          .isInstanceOfSatisfying(
              DeployException.class,
              e -> {
                assertThat(e.exitCode()).isEqualTo(3);
                assertThat(e.getMessage()).contains("cannot reach", "kube context");
              });
    }
  }

  @Test
  void rbacThatForbidsAWriteNamesTheVerbAndTheResourceAndNothingIsWritten() throws Exception {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(
            201,
            new SelfSubjectAccessReviewBuilder()
                .withNewMetadata()
                .withName("r")
                .endMetadata()
                .withNewStatus()
                .withAllowed(false)
                .withReason("RBAC: no rule")
                .endStatus()
                .build())
        .always();

    assertThatThrownBy(
            () ->
                deployer(new ArrayList<>())
                    .deploy(
                        KubernetesDeployerTest.input(
                            KubernetesDeployerTest.spec("r.example/lms:1"), "v1")))
        .isInstanceOfSatisfying(
            DeployException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DeployException.Kind.PREFLIGHT);
              assertThat(e.problems())
                  .contains(
                      "forbidden: the current credentials may not create namespaces: grant it (a"
                          + " Role with verbs [get, list, create, update, delete] on namespaces)"
                          + " or use a kube context that has it")
                  .anySatisfy(
                      p -> assertThat(p).contains("may not update apps/deployments in namespace"));
            });
    assertThat(client.namespaces().withName("lms-production").get()).isNull();
  }

  @Test
  void withKedasCrdAutoscalingIsAScaledObjectWithoutItAnHpaAndAWarning() throws Exception {
    List<String> progress = new ArrayList<>();
    deployer(progress).deploy(KubernetesDeployerTest.input(AUTOSCALED, "v1"));

    assertThat(kinds("v1")).contains("HorizontalPodAutoscaler").doesNotContain("ScaledObject");
    assertThat(progress).anySatisfy(l -> assertThat(l).contains("warning", "need KEDA"));

    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("scaledobjects.keda.sh")
                .endMetadata()
                .withNewSpec()
                .withGroup("keda.sh")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("ScaledObject")
                .withPlural("scaledobjects")
                .withSingular("scaledobject")
                .endNames()
                .addNewVersion()
                .withName("v1alpha1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
    DeployResult r = deployer(progress).deploy(KubernetesDeployerTest.input(AUTOSCALED, "v2"));

    assertThat(r.state()).isEqualTo(ReleaseState.LIVE);
    assertThat(kinds("v2")).contains("ScaledObject").doesNotContain("HorizontalPodAutoscaler");
    assertThat(
            client
                .genericKubernetesResources(dev.berth.kubernetes.apply.ReplaceWrites.SCALED_OBJECT)
                .inNamespace("lms-production")
                .withName("worker")
                .get())
        .isNotNull();
    assertThat(
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace("lms-production")
                .list()
                .getItems())
        .as("the HPA of v1 is pruned: KEDA makes its own")
        .isEmpty();
  }

  private List<String> kinds(String release) {
    return new ClusterReleaseHistory(client, "lms-production", "lms", "production")
        .objects(release).orElseThrow().stream().map(HasMetadata::getKind).toList();
  }
}
