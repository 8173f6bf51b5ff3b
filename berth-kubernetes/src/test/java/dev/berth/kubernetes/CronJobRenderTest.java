package dev.berth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.spec.SpecParser;
import dev.berth.core.spec.SpecSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each cron setting lands in its CronJob field; what a CronJob cannot say is a note. */
class CronJobRenderTest {

  static Rendering render(String service) throws Exception {
    String yaml =
        """
        project: lms
        services:
          report:
        %s
            image: r.example/lms:1
        environments:
          production: {target: kubernetes}
        """
            .formatted(service.indent(4).stripTrailing());
    return KubernetesRenderer.render(
        RenderInput.of(
            SpecParser.parse(new SpecSource("berth.yaml", yaml, "")), "production", "v1"));
  }

  static <T extends HasMetadata> T only(Rendering r, Class<T> kind) {
    return r.objects().stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
  }

  @Test
  void everySettingMapsToItsField() throws Exception {
    Rendering r =
        render(
            """
            schedule: "*/15 * * * *"
            timezone: America/New_York
            command: ./report
            env: {BUCKET: b}
            concurrency: allow
            startingDeadline: 90s
            timeout: 10m
            retries: 2
            suspend: true
            history: {successful: 7, failed: 4}
            """);
    CronJobSpec c = only(r, CronJob.class).getSpec();
    JobSpec job = c.getJobTemplate().getSpec();

    assertThat(c.getSchedule()).isEqualTo("*/15 * * * *");
    assertThat(c.getTimeZone()).isEqualTo("America/New_York");
    assertThat(c.getConcurrencyPolicy()).isEqualTo("Allow");
    assertThat(c.getStartingDeadlineSeconds()).isEqualTo(90L);
    assertThat(c.getSuspend()).isTrue();
    assertThat(c.getSuccessfulJobsHistoryLimit()).isEqualTo(7);
    assertThat(c.getFailedJobsHistoryLimit()).isEqualTo(4);
    assertThat(job.getBackoffLimit()).isEqualTo(2);
    assertThat(job.getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    var container = job.getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs()).containsExactly("sh", "-c", "./report");
    assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("report-env");
    assertThat(container.getReadinessProbe()).isNull();
    assertThat(container.getPorts()).isEmpty();
    assertThat(only(r, ConfigMap.class).getData()).containsEntry("BUCKET", "b");
    assertThat(r.notes()).isEmpty();
  }

  @Test
  void defaultsAreBerthsNotKubernetes() throws Exception {
    CronJobSpec c = only(render("schedule: \"@daily\"\ncommand: ./r"), CronJob.class).getSpec();

    assertThat(c.getTimeZone()).as("UTC, not the controller's zone").isEqualTo("UTC");
    assertThat(c.getConcurrencyPolicy()).as("forbid, not allow").isEqualTo("Forbid");
    assertThat(c.getJobTemplate().getSpec().getBackoffLimit()).as("0, not 6").isZero();
    assertThat(c.getStartingDeadlineSeconds()).isNull();
    assertThat(c.getJobTemplate().getSpec().getActiveDeadlineSeconds()).isNull();
    assertThat(c.getSuspend()).isFalse();
    assertThat(c.getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(c.getFailedJobsHistoryLimit()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"allow,Allow", "forbid,Forbid", "replace,Replace"})
  void concurrencyBecomesThePolicy(String spec, String policy) throws Exception {
    CronJobSpec c =
        only(render("schedule: \"@hourly\"\ncommand: ./r\nconcurrency: " + spec), CronJob.class)
            .getSpec();

    assertThat(c.getConcurrencyPolicy()).isEqualTo(policy);
  }

  @Test
  void whatACronJobCannotSayIsANote() throws Exception {
    Rendering r =
        render(
            """
            schedule: "@hourly"
            command: ./r
            missedRuns: skip
            retries: {limit: 3, backoff: 1m, maxBackoff: 10m}
            """);

    assertThat(r.notes())
        .anySatisfy(n -> assertThat(n).contains("'report'", "missedRuns: skip"))
        .anySatisfy(n -> assertThat(n).contains("'report'", "retry delays"));
  }
}
