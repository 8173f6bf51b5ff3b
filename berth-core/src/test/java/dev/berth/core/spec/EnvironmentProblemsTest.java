package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Problems inside {@code environments:} point at the override's own line and column. */
class EnvironmentProblemsTest {

  @Test
  void overridesAreCheckedWhereTheyAreWritten() {
    String yaml =
        """
        project: shop
        services:
          web: {command: a}
          worker: {command: b}
        environments:
          staging:
            target: kubernetse
            services:
              wbe: {replicas: 1}
              web: {type: worker, replicas: 500, env: {A: [1]}}
              worker: {port: 80, health: {http: /x}}
          Prod: {}
          preview: local
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "berth.yaml:7:13: environments.staging.target: 'kubernetse' is not a target (did you"
                + " mean 'kubernetes'?)",
            "berth.yaml:9:7: environments.staging.services.wbe: unknown service 'wbe' (did you"
                + " mean 'web'?)",
            "berth.yaml:10:13: environments.staging.services.web.type: type cannot change per"
                + " environment (remove it here; declare a separate service for another type)",
            "berth.yaml:10:37: environments.staging.services.web.replicas: replicas 500 is out of"
                + " range (use a whole number from 0 to 100)",
            "berth.yaml:10:51: environments.staging.services.web.env.A: expected text, a number or"
                + " true/false, got a list (quote structured values, e.g. A: '{\"a\": 1}')",
            "berth.yaml:11:16: environments.staging.services.worker.port: port applies only to web"
                + " services, and 'worker' is a worker (remove it, or make the service type: web)",
            "berth.yaml:11:35: environments.staging.services.worker.health.http: an http probe"
                + " needs a port, and a worker has none (use exec: \"<command>\" to probe a"
                + " worker, or remove health)",
            "berth.yaml:12:3: environments.Prod: 'Prod' is not a valid environment name: it has"
                + " upper-case letters (use lower-case letters, digits and dashes, starting with a"
                + " letter, at most 40 characters, e.g. 'prod')",
            "berth.yaml:13:12: environments.preview: expected the settings of environment"
                + " 'preview', got 'local' (write e.g. preview: {target: local})");
  }

  @Test
  void rulesBetweenKeysApplyAfterTheMerge() {
    String yaml =
        """
        project: shop
        services:
          web: {command: a}
          report: {command: r, schedule: "@daily"}
        environments:
          production:
            services:
              report: {replicas: 2, schedule: "bad"}
              web: {env: {PORT: 1}, replik: 2}
            region: eu
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "berth.yaml:8:16: environments.production.services.report.replicas: replicas does not"
                + " apply to cron services (remove it: each run starts one process; 'concurrency'"
                + " decides about overlapping runs)",
            "berth.yaml:8:39: environments.production.services.report.schedule: 'bad' is not a"
                + " valid cron schedule: it has 1 field, not 5 (write minute hour day-of-month"
                + " month day-of-week, e.g. \"0 2 * * *\" for 02:00 daily, or a macro such as"
                + " @hourly, @daily, @weekly or @monthly)",
            "berth.yaml:9:19: environments.production.services.web.env.PORT: PORT is set by Berth"
                + " (remove it: Berth gives each web replica its own PORT; listen on $PORT, and set"
                + " 'port:' for the container port)",
            "berth.yaml:9:29: environments.production.services.web.replik: unknown key 'replik'"
                + " (did you mean 'replicas'?)",
            "berth.yaml:10:5: environments.production.region: unknown key 'region' (allowed in"
                + " environments.production: target, services)");
  }

  @Test
  void aProblemInABaseServiceIsReportedOnceHoweverManyEnvironmentsThereAre() {
    String yaml =
        """
        project: shop
        services:
          web: {port: 99999}
        environments:
          production: {}
          staging: {}
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "berth.yaml:3:3: services.web: service 'web' has no command (add 'command:' or a"
                + " 'web:' line to the Procfile beside berth.yaml)",
            "berth.yaml:3:15: services.web.port: port 99999 is out of range (use a whole number"
                + " from 1 to 65535)");
  }

  @Test
  void anOverrideCannotTurnAServiceIntoACronService() {
    String yaml =
        """
        project: shop
        services:
          web: {command: a}
        environments:
          staging: {services: {web: {schedule: "@daily"}}}
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "berth.yaml:5:30: environments.staging.services.web.schedule: schedule applies only to"
                + " cron services, and 'web' is a web service (remove it here; a service is a cron"
                + " service when 'services:' gives it a schedule)");
  }

  @Test
  void environmentsMustBeAMapping() {
    assertThat(problems("project: shop\nservices:\n  web: {command: a}\nenvironments: [prod]\n"))
        .containsExactly(
            "berth.yaml:4:15: environments: expected a mapping of environment names, got a list"
                + " (write e.g. environments: {production: {target: local}})");
  }
}
