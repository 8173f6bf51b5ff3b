package dev.berth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.berth.kubernetes.internal.ConfigHash;
import dev.berth.kubernetes.internal.ReleaseJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported chart, through the real helm (bundled by helm-java): {@code helm lint} passes and
 * {@code helm template} gives exactly Berth's own objects (all but the Namespace, which Helm does
 * not own); changed values change what they should, computed as Berth computes it.
 */
class HelmChartTest {

  private static final KubernetesSerialization S = Manifests.serialization();

  @TempDir Path dir;

  private Path export(String spec) {
    Path chart = dir.resolve(spec);
    Manifests.write(HelmChart.files(Fixtures.input(spec)), chart);
    return chart;
  }

  @ParameterizedTest
  @ValueSource(strings = {"web", "worker", "release", "cron", "autoscale", "autoscale-hpa"})
  void realHelmLintsTheChartAndTemplatesBerthsOwnObjects(String spec) {
    Path chart = export(spec);

    LintResult lint = new Helm(chart).lint().strict().call();
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();

    // helm-java returns the release's manifest without its hooks (the helm CLI prints both), so
    // the release Job is compared with the hook turned off, less Helm's hook annotations
    String out =
        new Helm(chart)
            .template()
            .withName("lms")
            .withNamespace(Fixtures.render(spec).namespace())
            .set(HelmChart.RELEASE_HOOK, false)
            .call();
    Map<String, String> berth = new TreeMap<>();
    for (HasMetadata o : Fixtures.render(spec).objects()) {
      if (o instanceof Job) {
        o = S.clone(o);
        ReleaseJob.HOOK.keySet().forEach(o.getMetadata().getAnnotations()::remove);
      }
      if (!o.getKind().equals("Namespace")) {
        berth.put(key(o), S.asYaml(o));
      }
    }
    assertThat(byKey(out)).isEqualTo(berth);
  }

  @Test
  void byDefaultTheReleaseJobIsAHelmHookWithBerthsAnnotations() {
    Path chart = export("release");

    String manifest =
        new Helm(chart).template().withName("lms").withNamespace("lms-production").call();

    assertThat(byKey(manifest)).doesNotContainKey("Job/release-v3").containsKey("Deployment/web");
    assertThat(chart.resolve("templates/04-job-release-v3.yaml"))
        .content()
        .contains(
            "{{- if .Values.releaseJobAsHook }}\n"
                + "    helm.sh/hook: \"pre-install,pre-upgrade\"\n"
                + "    helm.sh/hook-delete-policy: \"before-hook-creation\"\n"
                + "{{- end }}\n")
        .contains("'{{ \"{{\" }} not a template }}'");
  }

  @Test
  void valuesDriveReplicasImagesEnvAndTheDisruptionBudget() {
    Path chart = export("web");

    String out =
        new Helm(chart)
            .template()
            .withName("lms")
            .withNamespace("lms-production")
            .set("services.web.replicas", 1)
            .set("services.web.image", "registry.example.com/lms/web:2.0.0")
            .set("services.web.env.FEATURE", "on")
            .call();
    Map<String, String> objects = byKey(out);

    assertThat(objects).doesNotContainKey("PodDisruptionBudget/web");
    Deployment d = S.unmarshal(objects.get("Deployment/web"), Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/lms/web:2.0.0");
    Map<String, String> env =
        new TreeMap<>(
            Fixtures.spec("web").environment("production").service("web").orElseThrow().env());
    env.put("FEATURE", "on");
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("berth.dev/config-hash", ConfigHash.of(env));
    assertThat(objects.get("ConfigMap/web-env")).contains("FEATURE: \"on\"");
  }

  /** helm template's documents, each normalized through the typed model, by kind/name. */
  private static Map<String, String> byKey(String helmOutput) {
    Map<String, String> out = new TreeMap<>();
    for (String doc : helmOutput.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      HasMetadata o = S.unmarshal(doc);
      assertThat(Fixtures.unknownFields(o)).as(doc).isEmpty();
      assertThat(out.put(key(o), S.asYaml(o))).as("one object per kind and name").isNull();
    }
    return out;
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }
}
