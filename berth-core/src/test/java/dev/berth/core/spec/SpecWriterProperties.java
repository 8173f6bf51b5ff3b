package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.DeploySpec;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.model.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@code berth export spec}: what {@link SpecWriter} writes parses back to the same services. */
class SpecWriterProperties {

  private static Arbitrary<ServiceSpec> oneService() {
    Arbitrary<String> name = Arbitraries.of("web", "api", "worker");
    Arbitrary<ServiceType> type = Arbitraries.of(ServiceType.WEB, ServiceType.WORKER);
    Arbitrary<Integer> replicas = Arbitraries.integers().between(0, 20);
    Arbitrary<Map<String, String>> env =
        Arbitraries.maps(
                Arbitraries.of("A", "LOG_LEVEL", "PORT_X", "EMPTY"),
                Arbitraries.of("1", "info", "", "true", "0.5", "a: b", "yes", "~", "null"))
            .ofMaxSize(4);
    Arbitrary<Resources> res =
        Arbitraries.of(
            Resources.DEFAULT,
            Resources.of(250L, 512L << 20),
            Resources.of(1000L, null),
            Resources.of(null, 1L << 30));
    Arbitrary<HealthCheck> health =
        Arbitraries.of(
            HealthCheck.of(HealthCheck.Kind.NONE, ""),
            HealthCheck.of(HealthCheck.Kind.TCP, ""),
            HealthCheck.of(HealthCheck.Kind.HTTP, "/health"),
            new HealthCheck(
                HealthCheck.Kind.EXEC,
                "test -f /tmp/ok",
                Duration.ofMillis(1500),
                Duration.ofSeconds(3),
                5,
                Duration.ofSeconds(1),
                Duration.ofMinutes(2),
                false));
    Arbitrary<DeploySpec> deploy =
        Arbitraries.of(
            DeploySpec.DEFAULT,
            new DeploySpec(
                DeploySpec.Strategy.RECREATE,
                null,
                null,
                Duration.ofSeconds(5),
                Duration.ofMinutes(3),
                false,
                Duration.ZERO,
                null,
                Duration.ofMillis(250)));
    Arbitrary<String> command = Arbitraries.of("java Web.java", "sh -c 'echo \"hi\"; sleep 1'");
    return Combinators.combine(name, type, command, replicas, env, res, health, deploy)
        .as(
            (n, t, c, r, e, rs, h, d) ->
                new ServiceSpec(
                    n,
                    t,
                    c,
                    t == ServiceType.WEB ? 8080 : 0,
                    r,
                    rs,
                    e,
                    (h.kind() == HealthCheck.Kind.TCP || h.kind() == HealthCheck.Kind.HTTP)
                            && t != ServiceType.WEB // a worker has no port
                        ? HealthCheck.defaultFor(t)
                        : h,
                    null,
                    "",
                    d));
  }

  @Provide
  Arbitrary<List<ServiceSpec>> serviceLists() {
    return oneService().list().ofMinSize(1).ofMaxSize(3);
  }

  @Property
  void whatIsWrittenParsesBackToTheSameServices(
      @ForAll("serviceLists") List<ServiceSpec> generated) {
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    generated.forEach(s -> services.putIfAbsent(s.name(), s));
    if (services.isEmpty()) {
      return;
    }
    EnvironmentSpec env = new EnvironmentSpec("staging", Target.LOCAL, services);

    String yaml = SpecWriter.write("shop", env, null, Map.of(), Map.of());
    ProjectSpec parsed = parse(yaml);

    assertThat(parsed.project()).isEqualTo("shop");
    assertThat(parsed.environment("staging").serviceList()).as(yaml).isEqualTo(env.serviceList());
  }

  @Test
  void aCronServiceAndTheReleasePhaseRoundTrip() {
    ServiceSpec cron =
        new ServiceSpec(
            "nightly",
            ServiceType.CRON,
            "java Report.java",
            0,
            0,
            Resources.DEFAULT,
            Map.of("TZ", "UTC"),
            HealthCheck.defaultFor(ServiceType.CRON),
            new CronSchedule("0 2 * * *", "Europe/Paris", CronSchedule.Concurrency.FORBID));
    EnvironmentSpec env = new EnvironmentSpec("production", Target.LOCAL, Map.of("nightly", cron));

    String yaml =
        SpecWriter.write(
            "lms",
            env,
            new dev.berth.core.model.ReleasePhase("java Migrate.java", Duration.ofMinutes(5)),
            Map.of(),
            Map.of());
    ProjectSpec parsed = parse(yaml);

    assertThat(parsed.environment("production").serviceList()).isEqualTo(env.serviceList());
    assertThat(parsed.releaseCommand()).isEqualTo("java Migrate.java");
  }

  @Test
  void theCountThatRunsAndExtraKeysAreWritten() {
    EnvironmentSpec env =
        new EnvironmentSpec(
            "production",
            Target.LOCAL,
            Map.of(
                "web",
                new ServiceSpec(
                    "web",
                    ServiceType.WEB,
                    "./web",
                    8080,
                    2,
                    Resources.DEFAULT,
                    null,
                    HealthCheck.defaultFor(ServiceType.WEB),
                    null)));

    String yaml =
        SpecWriter.write("shop", env, null, Map.of("web", 5), Map.of("web", Map.of("user", "app")));

    assertThat(parse(yaml).environment("production").service("web").orElseThrow().replicas())
        .isEqualTo(5);
    assertThat(yaml).contains("user: app");
  }

  private static ProjectSpec parse(String yaml) {
    try {
      return SpecParser.parse(new SpecSource("berth.yaml", yaml, null));
    } catch (SpecException e) {
      throw new AssertionError(e.getMessage() + "\n" + yaml, e);
    }
  }
}
