package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.berth.cli.term.Term;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth export kubernetes|helm}: from the spec alone, with no server configured. */
class ExportCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  static final String SPEC =
      """
      project: lms
      services:
        web:
          command: java Web.java
          replicas: 2
          env: {LOG_LEVEL: info}
        worker: {command: java Worker.java}
        nightly: {schedule: "0 2 * * *", command: java Report.java}
      release: {command: java Migrate.java}
      environments:
        production:
          target: kubernetes
          services:
            web: {image: registry.example.com/lms/app:7}
            worker: {image: registry.example.com/lms/app:7}
            nightly: {image: registry.example.com/lms/app:7}
        staging: {}
      """;

  int run(String... args) {
    Term t =
        new Term(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            false);
    return Main.run(
        new Cli(t, Map.of("BERTH_CONFIG", dir.resolve("none.json").toString()), dir), args);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  void spec(String yaml) throws Exception {
    Files.writeString(dir.resolve("berth.yaml"), yaml);
  }

  static List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void exportsOneManifestPerObjectInApplyOrderWithoutAServer() throws Exception {
    spec(SPEC);

    assertThat(
            run("export", "kubernetes", "-f", "berth.yaml", "--env", "production", "--out", "k8s"))
        .as(err())
        .isZero();

    assertThat(names(dir.resolve("k8s")))
        .containsExactly(
            ".berth-export",
            "00-namespace-lms-production.yaml",
            "01-configmap-web-env.yaml",
            "02-configmap-worker-env.yaml",
            "03-configmap-nightly-env.yaml",
            "04-job-release-" + release() + ".yaml",
            "05-service-web.yaml",
            "06-deployment-web.yaml",
            "07-deployment-worker.yaml",
            "08-poddisruptionbudget-web.yaml",
            "09-cronjob-nightly.yaml");
    assertThat(err()).doesNotContain("note:").contains("kubectl apply -f");
    assertThat(dir.resolve("k8s/06-deployment-web.yaml"))
        .content()
        .contains("image: \"registry.example.com/lms/app:7\"");
  }

  @Test
  void autoscalingIsAScaledObjectOrWithNoKedaAnHpaWithAWarning() throws Exception {
    spec(
        SPEC.replace(
            "  worker: {command: java Worker.java}\n",
            "  worker:\n"
                + "    command: java Worker.java\n"
                + "    autoscale:\n"
                + "      min: 1\n"
                + "      max: 5\n"
                + "      triggers:\n"
                + "        - {type: cpu, value: 80}\n"
                + "        - {type: redis-list, address: 'r:6379', listName: j, listLength: 5}\n"));

    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--out", "keda")).as(err()).isZero();
    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--out", "hpa", "--no-keda"))
        .as(err())
        .isZero();

    assertThat(names(dir.resolve("keda"))).contains("10-scaledobject-worker.yaml");
    assertThat(names(dir.resolve("hpa"))).contains("10-horizontalpodautoscaler-worker.yaml");
    assertThat(err()).contains("note: ").contains("need KEDA");
  }

  private String release() throws Exception {
    return dev.berth.cli.commands.ExportCommandAccess.defaultRelease(
        Files.readString(dir.resolve("berth.yaml")), "");
  }

  @Test
  void aSecondExportReplacesThePreviousOneAndLeavesNoStaleFile() throws Exception {
    spec(SPEC);
    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--out", "k8s", "--release", "v1"))
        .isZero();
    spec(SPEC.replace("    replicas: 2\n", ""));

    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--out", "k8s", "--release", "v2"))
        .isZero();

    assertThat(names(dir.resolve("k8s")))
        .contains("04-job-release-v2.yaml")
        .noneMatch(n -> n.contains("poddisruptionbudget") || n.contains("release-v1"));
  }

  @Test
  void exportsAChartThatRealHelmAccepts() throws Exception {
    spec(SPEC);

    assertThat(run("export", "helm", "-f", "berth.yaml", "--out", "chart", "--release", "v4"))
        .as(err())
        .isZero();

    Path chart = dir.resolve("chart");
    assertThat(new Helm(chart).lint().strict().call().isFailed()).isFalse();
    assertThat(chart.resolve("values.yaml"))
        .content()
        .contains("image: \"registry.example.com/lms/app:7\"");
    assertThat(err()).contains("helm upgrade --install lms").contains("--namespace lms-production");
  }

  @Test
  void badInputIsExitTwoWithWhatToDo() throws Exception {
    spec(SPEC);
    assertThat(run("export", "kubernetes", "--out", "k8s")).isEqualTo(2);
    assertThat(err()).contains("pass -f berth.yaml");

    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--env", "staging", "--out", "k8s"))
        .isEqualTo(2);
    assertThat(err()).contains("environment 'staging' runs on the local target");

    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--env", "qa", "--out", "k8s"))
        .isEqualTo(2);
    assertThat(err()).contains("environment 'qa' is not declared");

    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--out", "k8s", "--release", "V_1"))
        .isEqualTo(2);
    assertThat(err()).contains("'V_1' cannot name a release on Kubernetes");

    Files.createDirectories(dir.resolve("busy"));
    Files.writeString(dir.resolve("busy/notes.txt"), "mine");
    assertThat(run("export", "kubernetes", "-f", "berth.yaml", "--out", "busy")).isEqualTo(2);
    assertThat(err()).contains("is not empty and holds no previous export");
    assertThat(dir.resolve("busy/notes.txt")).content().isEqualTo("mine");

    spec(SPEC.replace("web: {image: registry.example.com/lms/app:7}", "web: {}"));
    assertThat(run("export", "helm", "-f", "berth.yaml", "--out", "chart")).isEqualTo(2);
    assertThat(err())
        .contains("The spec has 1 problem:")
        .contains("service 'web' has no image, and environment 'production' runs on Kubernetes");
    assertThat(dir.resolve("chart")).doesNotExist();
  }
}
