package dev.berth.core.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateHashTest {
  static ServiceSpec web(String command, Map<String, String> env, int replicas) {
    return new ServiceSpec(
        "web",
        ServiceType.WEB,
        command,
        8080,
        replicas,
        Resources.DEFAULT,
        env,
        HealthCheck.defaultFor(ServiceType.WEB),
        null);
  }

  @Test
  void replicaCountDoesNotChangeTheTemplate() {
    assertThat(TemplateHash.of(web("a", Map.of(), 1), "/app"))
        .isEqualTo(TemplateHash.of(web("a", Map.of(), 5), "/app"))
        .hasSize(10)
        .matches("[0-9a-f]{10}");
  }

  @Test
  void commandEnvAndDirectoryDo() {
    String base = TemplateHash.of(web("a", Map.of("K", "v"), 1), "/app");
    assertThat(TemplateHash.of(web("b", Map.of("K", "v"), 1), "/app")).isNotEqualTo(base);
    assertThat(TemplateHash.of(web("a", Map.of("K", "w"), 1), "/app")).isNotEqualTo(base);
    assertThat(TemplateHash.of(web("a", Map.of("K", "v"), 1), "/other")).isNotEqualTo(base);
  }

  @Test
  void fieldBoundariesCannotBeConfused() {
    assertThat(TemplateHash.of(web("a", Map.of("K", "vX"), 1), "/app"))
        .isNotEqualTo(TemplateHash.of(web("a", Map.of("KV", "X"), 1), "/app"));
  }

  @Test
  void envOrderDoesNotMatter() {
    java.util.LinkedHashMap<String, String> ab = new java.util.LinkedHashMap<>();
    ab.put("A", "1");
    ab.put("B", "2");
    java.util.LinkedHashMap<String, String> ba = new java.util.LinkedHashMap<>();
    ba.put("B", "2");
    ba.put("A", "1");
    assertThat(TemplateHash.of(web("a", ab, 1), "/x"))
        .isEqualTo(TemplateHash.of(web("a", ba, 1), "/x"));
  }

  @Test
  void theUserDoesAndNoUserKeepsTheHashOfEarlierVersions() {
    ServiceSpec plain = web("a", Map.of(), 1);
    ServiceSpec asApp =
        new ServiceSpec(
            "web",
            ServiceType.WEB,
            "a",
            8080,
            1,
            Resources.DEFAULT,
            Map.of(),
            HealthCheck.defaultFor(ServiceType.WEB),
            null,
            "app");
    assertThat(TemplateHash.of(asApp, "/app")).isNotEqualTo(TemplateHash.of(plain, "/app"));
    // the hash of a service without a user, as computed before 'user' existed: no re-deploy
    assertThat(TemplateHash.of(plain, "/app")).isEqualTo("6488157177");
  }

  @Test
  void deploySettingsDoNotChangeTheTemplateAndDefaultWhenAbsent() {
    ServiceSpec plain = web("a", Map.of(), 1);
    dev.berth.core.model.DeploySpec other =
        new dev.berth.core.model.DeploySpec(
            dev.berth.core.model.DeploySpec.Strategy.RECREATE,
            dev.berth.core.model.CountOrPercent.count(3),
            dev.berth.core.model.CountOrPercent.count(0),
            java.time.Duration.ofSeconds(30),
            java.time.Duration.ofMinutes(1),
            false,
            java.time.Duration.ZERO,
            dev.berth.core.model.Percent.of(1),
            java.time.Duration.ofMillis(200));
    ServiceSpec changed =
        new ServiceSpec(
            "web",
            ServiceType.WEB,
            "a",
            8080,
            1,
            Resources.DEFAULT,
            Map.of(),
            HealthCheck.defaultFor(ServiceType.WEB),
            null,
            "",
            other);
    assertThat(plain.deploy()).isEqualTo(dev.berth.core.model.DeploySpec.DEFAULT);
    assertThat(changed).isNotEqualTo(plain);
    assertThat(TemplateHash.of(changed, "/app")).isEqualTo(TemplateHash.of(plain, "/app"));
  }
}
