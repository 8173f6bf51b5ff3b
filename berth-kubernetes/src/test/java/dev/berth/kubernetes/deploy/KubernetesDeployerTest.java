package dev.berth.kubernetes.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.ProjectSpec;
import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.kubernetes.RenderInput;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploy, watch and roll back against fabric8's mock API server in CRUD mode, with {@link
 * FakeCluster} playing the controllers (ready, stalled, failed Job, crash loop).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesDeployerTest {

  static final String NS = "lms-production";
  static final java.time.Instant START = java.time.Instant.parse("2026-12-03T12:00:00Z");

  KubernetesClient client;
  KubernetesMockServer server;
  FakeCluster cluster;
  final List<String> progress = new ArrayList<>();
  KubernetesDeployer deployer;

  static String spec(String image) {
    return """
        project: lms
        services:
          web: {command: ./web, replicas: 2, image: IMAGE, env: {A: "1"}}
          worker: {command: ./work, image: IMAGE}
        release: {command: ./migrate}
        environments:
          production: {target: kubernetes}
        """
        .replace("IMAGE", image);
  }

  static RenderInput input(String yaml, String release) throws Exception {
    ProjectSpec p = SpecParser.parse(new SpecSource("berth.yaml", yaml, ""));
    return RenderInput.of(p, "production", release);
  }

  @BeforeEach
  void setUp() {
    cluster = new FakeCluster(client, NS);
    deployer = new KubernetesDeployer(client, cluster.clock(), cluster, progress::add);
  }

  String image(String deployment) {
    Deployment d = client.apps().deployments().inNamespace(NS).withName(deployment).get();
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  List<String> states() {
    return deployer.history("lms", "production").list().stream()
        .map(e -> e.release() + "=" + e.state())
        .toList();
  }

  @Test
  void deploysRunsTheReleaseJobFirstWatchesAndRecordsTheReleaseLive() throws Exception {
    DeployResult r = deployer.deploy(input(spec("r.example/lms:1"), "v1"));

    assertThat(r.state()).as(r.message()).isEqualTo(ReleaseState.LIVE);
    assertThat(image("web")).isEqualTo("r.example/lms:1");
    assertThat(states()).containsExactly("v1=LIVE");
    assertThat(progress)
        .anySatisfy(l -> assertThat(l).contains("release job 'release-v1' completed"))
        .anySatisfy(l -> assertThat(l).contains("release v1 is live"));
    assertThat(deployer.history("lms", "production").objects("v1").orElseThrow())
        .extracting(o -> o.getKind())
        .contains("Namespace", "Job", "Deployment");
  }

  @Test
  void statusComesFromTheDeploymentsAndTheirPods() throws Exception {
    deployer.deploy(input(spec("r.example/lms:1"), "v1"));
    Deployment web = client.apps().deployments().inNamespace(NS).withName("web").get();
    web.getStatus().setReadyReplicas(2);
    client.resource(web).updateStatus();
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web-abc")
                .withNamespace(NS)
                .withLabels(web.getSpec().getSelector().getMatchLabels())
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("web")
                .withReady(true)
                .withRestartCount(1)
                .endContainerStatus()
                .endStatus()
                .build())
        .create();

    ClusterStatus.Environment s = ClusterStatus.read(client, "lms", "production");

    assertThat(s.release()).isEqualTo("v1");
    assertThat(s.services())
        .extracting(ClusterStatus.Service::name)
        .containsExactlyInAnyOrder("web", "worker");
    ClusterStatus.Service w =
        s.services().stream().filter(x -> x.name().equals("web")).findFirst().orElseThrow();
    assertThat(w.type()).isEqualTo("web");
    assertThat(w.desired()).isEqualTo(2);
    assertThat(w.ready()).isEqualTo(2);
    assertThat(w.state()).isEqualTo(ClusterStatus.State.RUNNING);
    assertThat(w.replicas())
        .containsExactly(new ClusterStatus.Replica("web-abc", "Running", true, 1, "node-1", null));
  }

  @Test
  void anUnchangedRedeployMakesNoWrite() throws Exception {
    deployer.deploy(input(spec("r.example/lms:1"), "v1"));

    DeployResult again = deployer.deploy(input(spec("r.example/lms:1"), "v1"));

    assertThat(again.state()).isEqualTo(ReleaseState.LIVE);
    assertThat(again.writes()).isZero();
  }

  @Test
  void aStalledRolloutIsRolledBackToTheLiveRelease() throws Exception {
    deployer.deploy(input(spec("r.example/lms:1"), "v1"));
    cluster.stalls =
        d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":2");

    DeployResult r = deployer.deploy(input(spec("r.example/lms:2"), "v2"));

    assertThat(r.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(r.message())
        .contains("ProgressDeadlineExceeded".isEmpty() ? "" : "progress deadline");
    assertThat(r.rolledBackTo()).isEqualTo("v1");
    assertThat(image("web")).isEqualTo("r.example/lms:1");
    assertThat(image("worker")).isEqualTo("r.example/lms:1");
    assertThat(states()).containsExactly("v1=LIVE", "v2=FAILED");
  }

  @Test
  void aCrashLoopingPodFailsTheRolloutWithoutWaitingForTheDeadline() throws Exception {
    deployer.deploy(input(spec("r.example/lms:1"), "v1"));
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web-7f9c-abcde")
                .withNamespace(NS)
                .withLabels(
                    client
                        .apps()
                        .deployments()
                        .inNamespace(NS)
                        .withName("web")
                        .get()
                        .getSpec()
                        .getSelector()
                        .getMatchLabels())
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("web")
                .withRestartCount(4)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
    cluster.rollout = FakeCluster.Rollout.NOTHING;

    DeployResult r = deployer.deploy(input(spec("r.example/lms:2"), "v2"));

    assertThat(r.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(r.message()).contains("crash-looping", "web-7f9c-abcde");
    assertThat(image("web")).isEqualTo("r.example/lms:1");
    assertThat(cluster.pauses).as("no wait for the deadline").isLessThan(5);
  }

  @Test
  void aFailedReleaseJobChangesNoDeployment() throws Exception {
    deployer.deploy(input(spec("r.example/lms:1"), "v1"));
    cluster.jobsSucceed = false;

    DeployResult r =
        deployer.deploy(input(spec("r.example/lms:2").replace("A: \"1\"", "A: \"2\""), "v2"));

    assertThat(r.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(r.message()).contains("release-v2", "BackoffLimitExceeded", "no Deployment");
    assertThat(image("web")).isEqualTo("r.example/lms:1");
    assertThat(client.configMaps().inNamespace(NS).withName("web-env").get().getData())
        .as("the live release's config is back")
        .containsEntry("A", "1");
    assertThat(states()).containsExactly("v1=LIVE", "v2=FAILED");
  }

  @Test
  void withoutAnyControllerBerthsOwnDeadlineEndsTheWatch() throws Exception {
    cluster.rollout = FakeCluster.Rollout.NOTHING;
    String yaml =
        spec("r.example/lms:1")
            .replace(
                "image: r.example/lms:1",
                "image: r.example/lms:1, deploy: {progressDeadline: 20s}");

    DeployResult r = deployer.deploy(input(yaml, "v1"));

    assertThat(r.state()).isEqualTo(ReleaseState.FAILED);
    assertThat(r.message()).contains("giving up", "nothing to roll back to");
    assertThat(cluster.clock.instant())
        .as("the Deployment's 20s and Berth's margin, on the test's clock")
        .isBetween(START.plusSeconds(50), START.plusSeconds(60));
    assertThat(states()).containsExactly("v1=FAILED");
  }

  @Test
  void rollbackReappliesARecordedReleaseWithoutItsReleaseJob() throws Exception {
    deployer.deploy(input(spec("r.example/lms:1"), "v1"));
    deployer.deploy(input(spec("r.example/lms:2"), "v2"));
    assertThat(image("web")).isEqualTo("r.example/lms:2");

    DeployResult r = deployer.rollback("lms", "production", "v1");

    assertThat(r.state()).isEqualTo(ReleaseState.LIVE);
    assertThat(image("web")).isEqualTo("r.example/lms:1");
    assertThat(states()).containsExactly("v1=LIVE", "v2=SUPERSEDED");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("release-v1").get())
        .as("a rollback does not run an old migration again")
        .isNull();
  }

  @Test
  void aNamespaceOwnedBySomethingElseIsRefusedBeforeAnyWrite() throws Exception {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();

    assertThatThrownBy(() -> deployer.deploy(input(spec("r.example/lms:1"), "v1")))
        .isInstanceOfSatisfying(
            DeployException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(DeployException.Kind.PREFLIGHT);
              assertThat(e.getMessage()).contains("namespace 'lms-production'", "not Berth's");
            });
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }
}
