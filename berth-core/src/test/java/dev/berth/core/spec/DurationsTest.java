package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "2s, PT2S",
    "1m, PT1M",
    "1h, PT1H",
    "1m30s, PT1M30S",
    "1h5m, PT1H5M",
    "1s500ms, PT1.5S",
    "90s, PT1M30S",
    "0s, PT0S",
    "0ms, PT0S",
    "' 2s ', PT2S"
  })
  void parses(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "5      | duration '5' has no unit | write 5s for seconds, or 5ms",
        "2 s    | '2 s' is not a duration | ",
        "1.5s   | '1.5s' is not a duration | ",
        "-2s    | duration '-2s' is negative | ",
        "30s1m  | '30s1m' is not a duration | ",
        "1d     | '1d' is not a duration | ",
        "\"\"     | '' is not a duration | ",
      })
  void rejects(String text, String problem, String hint) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.hint()).isEqualTo(hint == null ? Durations.FORMS : hint);
            });
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0s", "PT0.5S, 500ms", "PT1M30S, 1m30s", "PT1.5S, 1s500ms", "PT26H, 26h"})
  void formats(Duration d, String text) {
    assertThat(Durations.format(d)).isEqualTo(text);
  }

  @Test
  void formatRefusesWhatItCannotWriteExactly() {
    assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
