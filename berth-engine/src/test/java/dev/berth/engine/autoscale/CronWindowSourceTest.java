package dev.berth.engine.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerSpec;
import dev.berth.core.model.TriggerSpec.MetricType;
import dev.berth.core.model.TriggerType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Working hours in Paris: 08:00 to 18:00, Monday to Friday, 3 replicas. */
class CronWindowSourceTest {
  static final TriggerSpec HOURS =
      new TriggerSpec(
          "cron",
          TriggerType.CRON,
          MetricType.AverageValue,
          1,
          0,
          Map.of(
              "timezone", "Europe/Paris",
              "start", "0 8 * * 1-5",
              "end", "0 18 * * 1-5",
              "desiredReplicas", "3"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2026-01-05T06:59:59Z, 0", // Monday 07:59:59 in Paris (UTC+1)
    "2026-01-05T07:00:00Z, 3", // 08:00: the start is inside
    "2026-01-05T12:00:00Z, 3",
    "2026-01-05T16:59:59Z, 3",
    "2026-01-05T17:00:00Z, 0", // 18:00: the end is outside
    "2026-01-10T12:00:00Z, 0", // Saturday
    "2026-07-06T06:30:00Z, 3", // Monday 08:30 in summer time (UTC+2)
  })
  void desiredReplicasInsideTheWindowOnly(String at, double expected) {
    CronWindowSource s =
        new CronWindowSource(HOURS, Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
    assertThat(s.read()).isEqualTo(Reading.of(expected));
  }
}
