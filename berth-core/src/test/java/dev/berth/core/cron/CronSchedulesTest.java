package dev.berth.core.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.core.model.CronSchedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronSchedulesTest {

  private static CronSchedule paris(String expression) {
    return new CronSchedule(expression, "Europe/Paris", null);
  }

  private static Instant next(CronSchedule s, String after) {
    return CronSchedules.nextRun(s, Instant.parse(after));
  }

  /** The first {@code n} runs after {@code after}. */
  private static List<Instant> runs(CronSchedule s, String after, int n) {
    List<Instant> out = new ArrayList<>();
    Instant t = Instant.parse(after);
    for (int i = 0; i < n; i++) {
      t = CronSchedules.nextRun(s, t);
      out.add(t);
    }
    return out;
  }

  private static List<Instant> instants(String... iso) {
    return java.util.Arrays.stream(iso).map(Instant::parse).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 2 * * *",
        "*/15 9-17 * * 1-5",
        "0,30 * * * *",
        "0 0 1 1 *",
        "0 0 * * 7",
        "0 0 * JAN MON-FRI",
        "5 4 29 2 *",
        "  0  2 * * *  ",
        "@yearly",
        "@annually",
        "@monthly",
        "@weekly",
        "@daily",
        "@midnight",
        "@hourly"
      })
  void acceptsUnixExpressionsAndMacros(String expression) {
    assertThat(CronSchedules.problem(expression)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "0 2 * *           | it has 4 fields, not 5",
        "0 0 2 * * *       | it has 6 fields, not 5" + " (seconds are not supported)",
        "\"\"                | the schedule is empty",
        "61 * * * *        | the minute field '61': 61 is outside 0-59",
        "0 25 * * *        | the hour field '25': 25 is outside 0-23",
        "0 0 32 * *        | the day-of-month field '32': 32 is outside 1-31",
        "0 0 * 13 *        | the month field '13': 13 is outside 1-12",
        "0 0 * * 8         | the day-of-week field '8': 8 is outside 0-7",
        "*/0 * * * *       | the minute field '*/0': a step must be 1 or more",
        "0 5-1 * * *       | the hour field '5-1': the range 5-1 runs backwards",
        "0 0 L * *         | the day-of-month field 'L': '?', 'L', 'W' and '#' are Quartz syntax,"
            + " which Unix cron does not have",
        "0 0 * * FUN       | the day-of-week field 'FUN': 'FUN' is not a number, a range, a list,"
            + " a step or a name",
        "* * *             | it has 3 fields, not 5",
        "0 0 ?/2 * *       | the day-of-month field '?/2': '?', 'L', 'W' and '#' are Quartz syntax,"
            + " which Unix cron does not have",
        "@every 5m         | '@every 5m' is not one of the macros @yearly, @annually, @monthly,"
            + " @weekly, @daily, @midnight, @hourly",
        "@reboot           | '@reboot' is not one of the macros @yearly, @annually, @monthly,"
            + " @weekly, @daily, @midnight, @hourly",
      })
  void explainsWhatIsWrongInPlainWords(String expression, String problem) {
    assertThat(CronSchedules.problem(expression)).isEqualTo(Optional.of(problem));
  }

  @Test
  void theNextRunIsStrictlyAfter() {
    CronSchedule s = new CronSchedule("0 2 * * *", null, null);

    assertThat(next(s, "2024-01-01T00:00:00Z")).isEqualTo("2024-01-01T02:00:00Z");
    assertThat(next(s, "2024-01-01T02:00:00Z")).isEqualTo("2024-01-02T02:00:00Z");
    assertThat(next(s, "2024-01-01T01:59:59.999Z")).isEqualTo("2024-01-01T02:00:00Z");
  }

  @Test
  void macrosAndTheZoneAreHonoured() {
    assertThat(next(new CronSchedule("@hourly", null, null), "2024-05-01T10:20:00Z"))
        .isEqualTo("2024-05-01T11:00:00Z");
    assertThat(next(new CronSchedule("@weekly", null, null), "2024-05-01T10:20:00Z"))
        .isEqualTo("2024-05-05T00:00:00Z"); // Sunday
    assertThat(next(paris("@daily"), "2024-05-01T10:20:00Z"))
        .isEqualTo("2024-05-01T22:00:00Z"); // midnight in Paris, summer time
    assertThat(
            next(new CronSchedule("0 9 * * *", "America/New_York", null), "2024-01-15T00:00:00Z"))
        .isEqualTo("2024-01-15T14:00:00Z");
  }

  @Test
  void dayOfMonthAndDayOfWeekCombineWithOr() {
    // "on the 13th, and on every Friday": 2024-09-06 is a Friday, before Friday the 13th.
    CronSchedule s = new CronSchedule("0 0 13 * 5", null, null);

    assertThat(runs(s, "2024-09-01T00:00:00Z", 3))
        .isEqualTo(
            instants("2024-09-06T00:00:00Z", "2024-09-13T00:00:00Z", "2024-09-20T00:00:00Z"));
  }

  @Test
  void springForwardRunsASkippedFixedTimeAtTheJump() {
    // Paris, 2024-03-31: 02:00 CET jumps to 03:00 CEST at 01:00 UTC; 02:30 does not exist.
    assertThat(runs(paris("30 2 * * *"), "2024-03-30T00:00:00Z", 3))
        .isEqualTo(
            instants("2024-03-30T01:30:00Z", "2024-03-31T01:00:00Z", "2024-04-01T00:30:00Z"));
    assertThat(next(paris("0 2 * * *"), "2024-03-30T23:00:00Z")).isEqualTo("2024-03-31T01:00:00Z");
    assertThat(next(paris("0 3 * * *"), "2024-03-30T23:00:00Z")).isEqualTo("2024-03-31T01:00:00Z");
  }

  @Test
  void springForwardSkipsWallClockTimesThatDoNotExistForWildcardJobs() {
    assertThat(runs(paris("30 * * * *"), "2024-03-31T00:00:00Z", 3))
        .isEqualTo(
            instants("2024-03-31T00:30:00Z", "2024-03-31T01:30:00Z", "2024-03-31T02:30:00Z"));
    assertThat(runs(paris("*/20 * * * *"), "2024-03-31T00:30:00Z", 4))
        .isEqualTo(
            instants(
                "2024-03-31T00:40:00Z",
                "2024-03-31T01:00:00Z", // 03:00 CEST
                "2024-03-31T01:20:00Z",
                "2024-03-31T01:40:00Z"));
  }

  @Test
  void fallBackRunsAFixedTimeOnlyTheFirstTime() {
    // Paris, 2024-10-27: 03:00 CEST falls back to 02:00 CET at 01:00 UTC; 02:30 happens twice.
    assertThat(runs(paris("30 2 * * *"), "2024-10-26T00:00:00Z", 3))
        .isEqualTo(
            instants("2024-10-26T00:30:00Z", "2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"));
  }

  @Test
  void fallBackRunsWildcardJobsAtEveryMatchingInstant() {
    assertThat(runs(paris("30 * * * *"), "2024-10-26T23:00:00Z", 4))
        .isEqualTo(
            instants(
                "2024-10-26T23:30:00Z", // 01:30 CEST
                "2024-10-27T00:30:00Z", // 02:30 CEST
                "2024-10-27T01:30:00Z", // 02:30 CET
                "2024-10-27T02:30:00Z")); // 03:30 CET
    // Starting inside the repeated hour still finds the second 02:30.
    assertThat(next(paris("30 * * * *"), "2024-10-27T00:45:00Z")).isEqualTo("2024-10-27T01:30:00Z");
  }

  @Test
  void aHalfHourShiftIsHandledToo() {
    // Lord Howe Island, 2024-10-06: 02:00 +10:30 jumps to 02:30 +11:00 at 15:30 UTC (Oct 5).
    CronSchedule s = new CronSchedule("15 2 * * *", "Australia/Lord_Howe", null);

    assertThat(next(s, "2024-10-05T12:00:00Z")).isEqualTo("2024-10-05T15:30:00Z");
  }

  @Test
  void aDailyJobRunsOncePerLocalDayAllYear() {
    CronSchedule s = paris("30 2 * * *");
    Set<LocalDate> days = new HashSet<>();
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 366; i++) {
      Instant run = CronSchedules.nextRun(s, t);
      assertThat(run).isAfter(t);
      assertThat(days.add(LocalDate.ofInstant(run, ZoneId.of("Europe/Paris")))).isTrue();
      t = run;
    }
    assertThat(days).hasSize(366);
  }

  @Test
  void february30IsValidButNeverRunsAndWarns() {
    assertThat(CronSchedules.problem("0 0 30 2 *")).isEmpty();
    assertThat(CronSchedules.warning("0 0 30 2 *"))
        .contains("'0 0 30 2 *' never runs: no month has that day");
    assertThat(CronSchedules.warning("0 0 29 2 *")).isEmpty();
    assertThat(CronSchedules.next(paris("0 0 30 2 *"), Instant.EPOCH)).isEmpty();
  }

  @Test
  void aQuestionMarkIsAStar() {
    assertThat(CronSchedules.problem("0 2 ? * ?")).isEmpty();
    Instant t = Instant.parse("2024-05-05T10:00:00Z");
    for (int i = 0; i < 50; i++) {
      Instant a = CronSchedules.nextRun(new CronSchedule("0 2 ? * MON", "UTC", null), t);
      assertThat(a)
          .isEqualTo(CronSchedules.nextRun(new CronSchedule("0 2 * * MON", "UTC", null), t));
      t = a;
    }
  }

  @Test
  void refusesSchedulesThatAreNotValid() {
    assertThatThrownBy(() -> CronSchedules.nextRun(paris("0 0 30 2 *"), Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never runs");
    assertThatThrownBy(
            () ->
                CronSchedules.nextRun(new CronSchedule("@daily", "Mars/Base", null), Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Mars/Base");
  }
}
