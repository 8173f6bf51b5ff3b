package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.CronSchedule;
import dev.berth.core.model.ServiceSpec;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A cron service's run settings: any value in range is read back exactly; any value out of range is
 * one problem that names the key and says the range.
 */
class CronSettingsProperties {

  private static final String HEAD =
      "project: shop\nservices:\n  report:\n    command: r\n    schedule: \"*/5 * ? * *\"\n";

  @Property(tries = 300)
  void settingsInRangeAreReadBackExactly(
      @ForAll @IntRange(min = 1, max = 168 * 60) int deadlineMinutes,
      @ForAll @IntRange(min = 1, max = 168 * 3600) int timeoutSeconds,
      @ForAll @IntRange(min = 0, max = 100) int retries,
      @ForAll @IntRange(min = 1, max = 3600) int backoffSeconds,
      @ForAll @IntRange(min = 0, max = 3600) int extraSeconds,
      @ForAll @IntRange(min = 0, max = 1000) int successful,
      @ForAll @IntRange(min = 0, max = 1000) int failed,
      @ForAll boolean skip,
      @ForAll boolean suspend)
      throws SpecException {
    String yaml =
        HEAD
            + "    startingDeadline: "
            + deadlineMinutes
            + "m\n    timeout: "
            + timeoutSeconds
            + "s\n    retries: {limit: "
            + retries
            + ", backoff: "
            + backoffSeconds
            + "s, maxBackoff: "
            + (backoffSeconds + extraSeconds)
            + "s}\n    history: {successful: "
            + successful
            + ", failed: "
            + failed
            + "}\n    missedRuns: "
            + (skip ? "skip" : "run-latest")
            + "\n    suspend: "
            + suspend
            + "\n";

    CronSchedule c = report(yaml).cron();

    assertThat(c.startingDeadline()).isEqualTo(Duration.ofMinutes(deadlineMinutes));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(timeoutSeconds));
    assertThat(c.retries())
        .isEqualTo(
            new CronSchedule.Retries(
                retries,
                Duration.ofSeconds(backoffSeconds),
                Duration.ofSeconds(backoffSeconds + extraSeconds)));
    assertThat(c.history()).isEqualTo(new CronSchedule.History(successful, failed));
    assertThat(c.missedRuns())
        .isEqualTo(skip ? CronSchedule.MissedRuns.SKIP : CronSchedule.MissedRuns.RUN_LATEST);
    assertThat(c.suspend()).isEqualTo(suspend);
  }

  @Property(tries = 200)
  void aCountOutOfRangeIsOneProblemNamingKeyAndRange(
      @ForAll @IntRange(min = 101, max = 1_000_000) int tooMany, @ForAll boolean history) {
    String key = history ? "history.failed" : "retries";
    String yaml =
        HEAD
            + (history
                ? "    history: {failed: " + (tooMany + 1000) + "}\n"
                : "    retries: " + tooMany + "\n");

    assertThatThrownBy(() -> report(yaml))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              assertThat(e.problems()).hasSize(1);
              assertThat(e.problems().get(0).toString())
                  .contains("services.report." + key)
                  .contains("use a whole number from 0 to " + (history ? 1000 : 100));
            });
  }

  @Property(tries = 200)
  void defaultsAreKubernetesExceptConcurrencyAndRetries(@ForAll boolean macro)
      throws SpecException {
    String yaml =
        "project: shop\nservices:\n  report:\n    command: r\n    schedule: \""
            + (macro ? "@daily" : "0 0 * * *")
            + "\"\n";

    CronSchedule c = report(yaml).cron();

    assertThat(c.concurrency()).isEqualTo(CronSchedule.Concurrency.FORBID);
    assertThat(c.missedRuns()).isEqualTo(CronSchedule.MissedRuns.RUN_LATEST);
    assertThat(c.history()).isEqualTo(new CronSchedule.History(3, 1));
    assertThat(c.retries().limit()).isZero();
    assertThat(c.retries().delayBefore(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.retries().delayBefore(7)).isEqualTo(Duration.ofMinutes(5).plusSeconds(20));
    assertThat(c.retries().delayBefore(8)).isEqualTo(Duration.ofMinutes(6));
    assertThat(c.startingDeadline()).isNull();
    assertThat(c.timeout()).isNull();
    assertThat(c.suspend()).isFalse();
  }

  private static ServiceSpec report(String yaml) throws SpecException {
    return SpecParser.parse(new SpecSource("berth.yaml", yaml, ""))
        .environment("production")
        .service("report")
        .orElseThrow();
  }
}
