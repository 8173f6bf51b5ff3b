package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.ServiceSpec;
import org.junit.jupiter.api.Test;

/** The {@code image:} key and the rules that depend on an environment's target. */
class ImageTargetTest {

  private static ProjectSpec parse(String yaml) throws SpecException {
    return SpecParser.parse(new SpecSource("berth.yaml", yaml, ""));
  }

  private static String problems(String yaml) {
    try {
      parse(yaml);
      return "";
    } catch (SpecException e) {
      return e.getMessage();
    }
  }

  @Test
  void aKubernetesEnvironmentRunsTheImageAndTheCommandIsOptional() throws SpecException {
    ProjectSpec spec =
        parse(
            """
            project: shop
            services:
              web: {image: registry.example.com/shop/web:1.4.2, command: ./server}
              worker: {image: "registry.example.com:5000/shop/worker@sha256:\
            0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
            environments:
              production: {target: kubernetes}
            """);

    ServiceSpec web = spec.environment("production").service("web").orElseThrow();
    ServiceSpec worker = spec.environment("production").service("worker").orElseThrow();
    assertThat(web.image()).isEqualTo("registry.example.com/shop/web:1.4.2");
    assertThat(web.command()).isEqualTo("./server");
    assertThat(worker.command()).as("the image's own CMD runs").isEmpty();
  }

  @Test
  void aServiceWithoutImageOnKubernetesIsAProblemThatSaysWhereToAddIt() {
    String text =
        problems(
            "project: shop\nservices:\n  web: {command: ./server}\n"
                + "environments:\n  production: {target: kubernetes}\n");

    assertThat(text)
        .contains("service 'web' has no image, and environment 'production' runs on Kubernetes")
        .contains("environments.production.services.web");
  }

  @Test
  void anImageOnTheLocalTargetIsAProblem() {
    assertThat(problems("project: shop\nservices:\n  web: {command: a, image: r/web:1}\n"))
        .contains("services.web.image")
        .contains("image is not available on the local target yet");
    assertThat(
            problems(
                "project: shop\nservices:\n  web: {command: a, image: r/web:1}\n"
                    + "environments:\n  production: {target: kubernetes}\n  staging: {}\n"))
        .contains("image is not available on the local target yet (environment 'staging')")
        .doesNotContain("production");
  }

  @Test
  void anImageOnlyInTheKubernetesOverrideKeepsLocalEnvironmentsValid() throws SpecException {
    ProjectSpec spec =
        parse(
            "project: shop\nservices:\n  web: {command: a}\nenvironments:\n"
                + "  production: {target: kubernetes, services: {web: {image: r/web:2}}}\n"
                + "  staging: {}\n");

    assertThat(spec.environment("production").service("web").orElseThrow().image())
        .isEqualTo("r/web:2");
    assertThat(spec.environment("staging").service("web").orElseThrow().image()).isNull();
  }

  @Test
  void localOnlyKeysAreProblemsOnKubernetes() {
    assertThat(
            problems(
                "project: shop\nservices:\n  web: {command: a}\nenvironments:\n"
                    + "  production: {target: kubernetes, services: {web: {image: r/w:1,"
                    + " user: app}}}\n"))
        .contains("environments.production.services.web.user")
        .contains(
            "user applies only to the local target, and environment 'production' runs on"
                + " Kubernetes");
  }

  @Test
  void aBadImageReferenceIsAProblem() {
    assertThatThrownBy(
            () ->
                parse(
                    "project: shop\nservices:\n  web: {command: a}\nenvironments:\n"
                        + "  production: {target: kubernetes, services: {web: {image:"
                        + " \"Registry/Web App:1\"}}}\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("'Registry/Web App:1' is not a container image reference");
  }
}
