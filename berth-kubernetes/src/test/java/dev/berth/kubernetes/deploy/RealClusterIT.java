package dev.berth.kubernetes.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import dev.berth.kubernetes.RenderInput;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Deploys a small demo (a web service, a worker, a release command) to the cluster of the current
 * kube context, waits for the real controllers, redeploys a broken release and checks the automatic
 * rollback, then deletes the namespace. Runs only when {@code KUBECONFIG} is set (kind, k3s, EKS:
 * see docs/kubernetes.md); skipped with the reason printed otherwise. Images come from Docker Hub
 * ({@code busybox}), so the cluster needs to pull from it.
 */
class RealClusterIT {

  static final String SPEC =
      """
      project: berth-it
      services:
        web:
          command: httpd -f -p 8080 -h /tmp
          image: IMAGE
          replicas: 2
          resources: {cpu: 50m, memory: 32Mi}
          deploy: {progressDeadline: 90s}
        worker:
          type: worker
          command: sleep 3600
          image: busybox:1.36
          resources: {cpu: 50m, memory: 32Mi}
      release: {command: echo migrated, timeout: 2m}
      environments:
        production: {target: kubernetes}
      """;

  @Test
  @org.junit.jupiter.api.Timeout(value = 10, unit = TimeUnit.MINUTES)
  void deploysTheDemoAndRollsBackABrokenRelease() throws Exception {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      String why =
          "RealClusterIT skipped: KUBECONFIG is not set (point it at a kind or k3s cluster to run"
              + " it, see docs/kubernetes.md)";
      System.out.println(why);
      Assumptions.abort(why);
    }
    try (KubernetesClient client = KubeContext.client(null)) {
      KubernetesDeployer d =
          new KubernetesDeployer(client, Clock.systemUTC(), Pause.SLEEP, System.out::println);
      try {
        DeployResult v1 = d.deploy(input("busybox:1.36", "v1"));
        assertThat(v1.state()).as(v1.message()).isEqualTo(ReleaseState.LIVE);

        DeployResult v2 = d.deploy(input("busybox:0.0.0-does-not-exist", "v2"));
        assertThat(v2.state()).as(v2.message()).isEqualTo(ReleaseState.FAILED);
        assertThat(v2.rolledBackTo()).isEqualTo("v1");
        assertThat(ClusterStatus.read(client, "berth-it", "production").release()).isEqualTo("v1");
      } finally {
        client.namespaces().withName("berth-it-production").delete();
      }
    }
  }

  static RenderInput input(String image, String release) throws Exception {
    return RenderInput.of(
        SpecParser.parse(new SpecSource("berth.yaml", SPEC.replace("IMAGE", image), "")),
        "production",
        release);
  }
}
