package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One file with many mistakes: every one is reported, in the order they appear. */
class SeveralProblemsTest {

  private static final String YAML =
      """
      version: 2
      project: My App
      services:
        web:
          replica: 2
          resources: {cpu: 0.5cores, memory: 512MB}
          env: {PORT: 80}
        nightly:
          type: cron
          command: ./report
          schedule: "0 25 * * *"
          timezone: Europe/Pari
        worker:
          command: ./work
          port: 8080
      release: ./migrate
      environments:
        staging: {target: kubernetse, services: {wbe: {replicas: 1}}}
      """;

  @Test
  void reportsEveryProblemInFileOrder() {
    assertThat(problems(YAML, "web: ./server\n"))
        .containsExactly(
            "berth.yaml:1:10: version: version 2 is not supported (this Berth reads version 1;"
                + " write version: 1, or upgrade Berth)",
            "berth.yaml:2:10: project: 'My App' is not a valid project name: it has upper-case"
                + " letters (use lower-case letters, digits and dashes, starting with a letter, at"
                + " most 40 characters, e.g. 'my-app')",
            "berth.yaml:5:5: services.web.replica: unknown key 'replica' (did you mean"
                + " 'replicas'?)",
            "berth.yaml:6:22: services.web.resources.cpu: '0.5cores' is not a CPU quantity (use"
                + " millicores like 250m, or cores like 0.5 or 2)",
            "berth.yaml:6:40: services.web.resources.memory: '512MB' is not a memory quantity"
                + " (use 512Mi (mebibytes) or 512M (megabytes))",
            "berth.yaml:7:11: services.web.env.PORT: PORT is set by Berth (remove it: Berth gives"
                + " each web replica its own PORT; listen on $PORT, and set 'port:' for the"
                + " container port)",
            "berth.yaml:11:15: services.nightly.schedule: '0 25 * * *' is not a valid cron"
                + " schedule: the hour field '25': 25 is outside 0-23 (write minute hour"
                + " day-of-month month day-of-week, e.g. \"0 2 * * *\" for 02:00 daily, or a macro"
                + " such as @hourly, @daily, @weekly or @monthly)",
            "berth.yaml:12:15: services.nightly.timezone: 'Europe/Pari' is not a time zone (did"
                + " you mean 'Europe/Paris'?)",
            "berth.yaml:15:5: services.worker.port: port applies only to web services, and"
                + " 'worker' is a worker (remove it, or make the service type: web)",
            "berth.yaml:16:10: release: expected a mapping with the release command, got"
                + " './migrate' (write release: {command: \"./migrate\"})",
            "berth.yaml:18:21: environments.staging.target: 'kubernetse' is not a target (did you"
                + " mean 'kubernetes'?)",
            "berth.yaml:18:44: environments.staging.services.wbe: unknown service 'wbe' (did you"
                + " mean 'web'?)");
  }

  @Test
  void theExceptionMessageListsThemAll() {
    SpecException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            SpecException.class, () -> SpecParser.parse(SpecSource.of(YAML)));
    List<Problem> list = e.problems();

    assertThat(e.getMessage())
        .startsWith(list.size() + " problems in the spec:\n  berth.yaml:1:10");
    assertThat(list)
        .isSortedAccordingTo(
            Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    assertThat(list).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
  }
}
