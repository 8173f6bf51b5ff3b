package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.HealthCheck;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.model.Resources;
import dev.berth.core.model.ServiceSpec;
import dev.berth.core.model.ServiceType;
import dev.berth.core.model.Target;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecParserTest {

  @Test
  void aMinimalSpecGetsEveryDefault() {
    ProjectSpec spec = parse("project: shop\nservices:\n  web: {command: ./server}\n");

    assertThat(spec.project()).isEqualTo("shop");
    assertThat(spec.releaseCommand()).isNull();
    assertThat(spec.environments()).isEmpty();
    assertThat(spec.services().get("web"))
        .isEqualTo(
            new ServiceSpec(
                "web",
                ServiceType.WEB,
                "./server",
                8080,
                1,
                Resources.DEFAULT,
                Map.of(),
                HealthCheck.defaultFor(ServiceType.WEB),
                null));
  }

  @Test
  void theTypeDefaultsByNameAndByTheSchedule() {
    ProjectSpec spec =
        parse(
            """
            project: shop
            services:
              web: {command: a}
              mailer: {command: b}
              report: {command: c, schedule: "@daily"}
            """);

    assertThat(spec.services().get("web").type()).isEqualTo(ServiceType.WEB);
    assertThat(spec.services().get("mailer").type()).isEqualTo(ServiceType.WORKER);
    assertThat(spec.services().get("mailer").port()).isZero();
    assertThat(spec.services().get("mailer").health().kind()).isEqualTo(HealthCheck.Kind.NONE);
    ServiceSpec report = spec.services().get("report");
    assertThat(report.type()).isEqualTo(ServiceType.CRON);
    assertThat(report.replicas()).isZero();
    assertThat(report.cron())
        .isEqualTo(new CronSchedule("@daily", "UTC", CronSchedule.Concurrency.FORBID));
  }

  @Test
  void everyServiceKeyIsRead() {
    ProjectSpec spec =
        parse(
            """
            version: 1
            project: shop
            services:
              api:
                type: web
                command: java -jar api.jar
                port: 9000
                replicas: 3
                resources: {cpu: 1.5, memory: 1.5Gi}
                env: {LOG_LEVEL: debug, WORKERS: 4, DEBUG: true, RATIO: 0.25, ZIP: "010"}
                health:
                  http: /health?full=1
                  interval: 5s
                  timeout: 500ms
                  initialDelay: 1m30s
                  startupTimeout: 2m
                  failureThreshold: 5
                  liveness: false
              nightly:
                type: cron
                command: ./report
                schedule: "30 2 * * 1-5"
                timezone: Europe/Paris
                concurrency: replace
            """);

    ServiceSpec api = spec.services().get("api");
    assertThat(api.port()).isEqualTo(9000);
    assertThat(api.replicas()).isEqualTo(3);
    assertThat(api.resources()).isEqualTo(new Resources(1500, 3L << 29, 1500, 3L << 29));
    assertThat(api.env())
        .containsExactly(
            Map.entry("LOG_LEVEL", "debug"),
            Map.entry("WORKERS", "4"),
            Map.entry("DEBUG", "true"),
            Map.entry("RATIO", "0.25"),
            Map.entry("ZIP", "010"));
    assertThat(api.health())
        .isEqualTo(
            new HealthCheck(
                HealthCheck.Kind.HTTP,
                "/health?full=1",
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                5,
                Duration.ofSeconds(90),
                Duration.ofMinutes(2),
                false));
    assertThat(spec.services().get("nightly").cron())
        .isEqualTo(
            new CronSchedule("30 2 * * 1-5", "Europe/Paris", CronSchedule.Concurrency.REPLACE));
  }

  @Test
  void theUserIsReadOverriddenPerEnvironmentAndMustBeAUserName() {
    ProjectSpec spec =
        parse(
            """
            project: shop
            services:
              web: {command: ./server, user: app}
              worker: {command: ./work}
            environments:
              staging: {services: {web: {user: www-data}}}
            """);
    assertThat(spec.services().get("web").user()).isEqualTo("app");
    assertThat(spec.services().get("worker").user()).isEmpty();
    assertThat(spec.environment("staging").services().get("web").user()).isEqualTo("www-data");

    assertThat(
            SpecAssertions.problems(
                "project: shop\nservices:\n  web: {command: a, user: \"root; rm\"}\n"))
        .singleElement()
        .asString()
        .contains("services.web.user", "is not a user name");
  }

  @Test
  void healthForms() {
    ProjectSpec spec =
        parse(
            """
            project: shop
            services:
              web: {command: a, health: none}
              api: {type: web, command: a, health: false}
              tcp: {type: web, command: a, health: {tcp: true, interval: 10s}}
              timed: {type: web, command: a, health: {failureThreshold: 7}}
              worker: {command: b, health: {exec: "./ping", timeout: 3s}}
            """);

    assertThat(spec.services().get("web").health())
        .isEqualTo(HealthCheck.of(HealthCheck.Kind.NONE, ""));
    assertThat(spec.services().get("api").health().kind()).isEqualTo(HealthCheck.Kind.NONE);
    assertThat(spec.services().get("tcp").health().interval()).isEqualTo(Duration.ofSeconds(10));
    HealthCheck timed = spec.services().get("timed").health();
    assertThat(timed.kind()).isEqualTo(HealthCheck.Kind.TCP);
    assertThat(timed.failureThreshold()).isEqualTo(7);
    HealthCheck exec = spec.services().get("worker").health();
    assertThat(exec.kind()).isEqualTo(HealthCheck.Kind.EXEC);
    assertThat(exec.target()).isEqualTo("./ping");
    assertThat(exec.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(exec.liveness()).isTrue();
  }

  @Test
  void commandsComeFromTheProcfileWhenTheSpecHasNone() {
    ProjectSpec spec =
        parse(
            """
            project: shop
            services:
              web:
              worker: {command: ./own}
            release: {}
            """,
            "web: bundle exec puma -p $PORT\nworker: ./from-procfile\nrelease: ./migrate\n");

    assertThat(spec.services().get("web").command()).isEqualTo("bundle exec puma -p $PORT");
    assertThat(spec.services().get("worker").command()).isEqualTo("./own");
    assertThat(spec.releaseCommand()).isEqualTo("./migrate");
  }

  @Test
  void aReleaseCommandInTheSpecBeatsTheProcfile() {
    ProjectSpec spec =
        parse(
            "project: shop\nservices: {web: {command: a}}\nrelease: {command: ./m}\n",
            "release: ./other\n");

    assertThat(spec.releaseCommand()).isEqualTo("./m");
  }

  @Test
  void environmentsMergeTheirOverridesOntoTheServices() {
    ProjectSpec spec =
        parse(
            """
            project: shop
            services:
              web:
                command: ./server
                replicas: 3
                resources: {cpu: 500m, memory: 1Gi}
                env: {LOG_LEVEL: info, REGION: eu, SENTRY: on}
                health: {http: /health, interval: 5s}
              worker: {command: ./work}
            environments:
              production:
                target: kubernetes
                services: {web: {image: r.example/shop/web:1}, worker: {image: r.example/w:1}}
              staging:
                services:
                  web:
                    replicas: 1
                    resources: {memory: 512Mi}
                    env: {LOG_LEVEL: debug, SENTRY: , EXTRA: x}
                    health: {timeout: 2s}
              preview:
            """);

    assertThat(spec.services().get("web").replicas()).isEqualTo(3);
    EnvironmentSpec production = spec.environment("production");
    assertThat(production.target()).isEqualTo(Target.KUBERNETES);
    assertThat(production.service("web").orElseThrow().image()).isEqualTo("r.example/shop/web:1");
    assertThat(production.service("web").orElseThrow().replicas()).isEqualTo(3);
    assertThat(spec.services().get("web").image()).isNull();
    assertThat(spec.environment("preview").target()).isEqualTo(Target.LOCAL);

    EnvironmentSpec staging = spec.environment("staging");
    assertThat(staging.target()).isEqualTo(Target.LOCAL);
    ServiceSpec web = staging.service("web").orElseThrow();
    assertThat(web.replicas()).isEqualTo(1);
    assertThat(web.resources()).isEqualTo(Resources.of(500L, 512L << 20));
    assertThat(web.env())
        .containsExactly(
            Map.entry("LOG_LEVEL", "debug"), Map.entry("REGION", "eu"), Map.entry("EXTRA", "x"));
    assertThat(web.health().target()).isEqualTo("/health");
    assertThat(web.health().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(web.health().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(staging.service("worker")).contains(spec.services().get("worker"));
    assertThat(spec.environments().keySet()).containsExactly("production", "staging", "preview");
  }

  @Test
  void anOverrideCanReplaceTheProbeOrTurnItOff() {
    ProjectSpec spec =
        parse(
            """
            project: shop
            services:
              web: {command: a, health: {http: /health, interval: 5s}}
            environments:
              tcp: {services: {web: {health: {tcp: true}}}}
              off: {services: {web: {health: none}}}
            """);

    HealthCheck tcp = spec.environment("tcp").service("web").orElseThrow().health();
    assertThat(tcp.kind()).isEqualTo(HealthCheck.Kind.TCP);
    assertThat(tcp.target()).isEmpty();
    assertThat(tcp.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(spec.environment("off").service("web").orElseThrow().health().kind())
        .isEqualTo(HealthCheck.Kind.NONE);
  }

  @Test
  void anchorsAndMergeKeysWork() {
    ProjectSpec spec =
        parse(
            """
            project: shop
            x-common: &common
              env: {LOG_LEVEL: info}
              resources: {cpu: 250m}
            services:
              web:
                <<: *common
                command: a
              worker:
                <<: *common
                command: b
                env: {LOG_LEVEL: debug}
            """);

    assertThat(spec.services().get("web").env()).containsEntry("LOG_LEVEL", "info");
    assertThat(spec.services().get("worker").env()).containsEntry("LOG_LEVEL", "debug");
    assertThat(spec.services().get("worker").resources().cpuMillis()).isEqualTo(250);
  }

  @Test
  void theDesignExampleWithoutAutoscaleParses() {
    ProjectSpec spec = parse(DesignExample.YAML.replace(DesignExample.AUTOSCALE, ""));

    assertThat(spec.project()).isEqualTo("lms");
    assertThat(spec.services().keySet()).containsExactly("web", "worker", "nightly-report");
    ServiceSpec web = spec.services().get("web");
    assertThat(web.replicas()).isEqualTo(2);
    assertThat(web.resources()).isEqualTo(Resources.of(250L, 256L << 20));
    assertThat(web.env()).containsExactly(Map.entry("LOG_LEVEL", "info"));
    assertThat(web.health().kind()).isEqualTo(HealthCheck.Kind.HTTP);
    assertThat(spec.services().get("nightly-report").cron())
        .isEqualTo(new CronSchedule("0 2 * * *", "Europe/Paris", CronSchedule.Concurrency.FORBID));
    assertThat(spec.releaseCommand()).isEqualTo("java Migrate.java");
    assertThat(spec.environment("staging").service("web").orElseThrow().replicas()).isEqualTo(1);
    assertThat(spec.environment("production").service("web").orElseThrow().replicas()).isEqualTo(2);
  }

  @Test
  void theDesignExampleWithAutoscaleParses() {
    ServiceSpec worker = parse(DesignExample.YAML).services().get("worker");
    assertThat(worker.autoscale().max()).isEqualTo(8);
    assertThat(worker.replicas()).as("starts with min").isZero();
  }
}
