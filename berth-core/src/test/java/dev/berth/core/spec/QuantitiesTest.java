package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

  @ParameterizedTest
  @CsvSource({
    "250m, 250",
    "0.5, 500",
    "2, 2000",
    "1.5, 1500",
    "1m, 1",
    "0.001, 1",
    ".5, 500",
    "1., 1000",
    "0.2500, 250",
    "'  100m ', 100",
    "256, 256000",
    "256000m, 256000",
    "007, 7000"
  })
  void parsesCpu(String text, long millis) {
    assertThat(Quantities.parseCpuMillis(text)).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "0.5cores | '0.5cores' is not a CPU quantity | ",
        "-1       | CPU '-1' is negative | ",
        "-250m    | CPU '-250m' is negative | ",
        "0        | CPU '0' is zero | ",
        "0m       | CPU '0m' is zero | ",
        "0.0005   | '0.0005' is not a whole number of millicores | CPU is counted in millicores"
            + " (1000m = 1 core); the smallest amount is 1m",
        "1.5m     | '1.5m' is not a whole number of millicores | CPU is counted in millicores"
            + " (1000m = 1 core); the smallest amount is 1m",
        "257      | CPU '257' is absurd: more than 256 cores | use at most 256, e.g. 2 or 500m",
        "256001m  | CPU '256001m' is absurd: more than 256 cores | use at most 256, e.g. 2 or 500m",
        "1e3      | '1e3' is not a CPU quantity | ",
        "250M     | '250M' is not a CPU quantity | ",
        "1 m      | '1 m' is not a CPU quantity | ",
        "\"\"       | '' is not a CPU quantity | ",
      })
  void rejectsCpu(String text, String problem, String hint) {
    assertThatThrownBy(() -> Quantities.parseCpuMillis(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.hint()).isEqualTo(hint == null ? Quantities.CPU_FORMS : hint);
              assertThat(e.getMessage()).isEqualTo(problem + " (" + e.hint() + ")");
            });
  }

  @ParameterizedTest
  @CsvSource({
    "4194304, 4194304", "4Mi, 4194304", "512Mi, 536870912", "1Gi, 1073741824",
    "1.5Gi, 1610612736", "0.5Gi, 536870912", "1G, 1000000000", "1000M, 1000000000",
    "8192k, 8192000", "1Ti, 1099511627776", "1T, 1000000000000", "' 256Mi', 268435456"
  })
  void parsesMemory(String text, long bytes) {
    assertThat(Quantities.parseMemoryBytes(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "512MB   | '512MB' is not a memory quantity | use 512Mi (mebibytes) or 512M (megabytes)",
        "512mb   | '512mb' is not a memory quantity | use 512Mi (mebibytes) or 512M (megabytes)",
        "1gi     | '1gi' is not a memory quantity   | use 1Gi (gibibytes) or 1G (gigabytes)",
        "1K      | '1K' is not a memory quantity    | use 1Ki (kibibytes) or 1k (kilobytes)",
        "2 TB    | '2 TB' is not a memory quantity  | use 2Ti (tebibytes) or 2T (terabytes)",
        "512m    | '512m' means 512 thousandths of a byte ('m' is milli)"
            + " | use 512Mi (mebibytes) or 512M (megabytes)",
        "0       | memory '0' is zero | ",
        "-1Gi    | memory '-1Gi' is negative | ",
        "1.1Ki   | '1.1Ki' is not a whole number of bytes"
            + " | use a value that comes to whole bytes, e.g. 1.5Gi or 300Mi",
        "4194303 | memory '4194303' is too small: a replica needs at least 4Mi"
            + " | use at least 4Mi, e.g. 256Mi",
        "2Ti     | memory '2Ti' is absurd: more than 1Ti per replica | use at most 1Ti, e.g. 512Mi or 4Gi",
        "1Pi     | memory '1Pi' is absurd: more than 1Ti per replica | use at most 1Ti, e.g. 512Mi or 4Gi",
        "1e9     | '1e9' is not a memory quantity | ",
        "lots    | 'lots' is not a memory quantity | ",
      })
  void rejectsMemory(String text, String problem, String hint) {
    assertThatThrownBy(() -> Quantities.parseMemoryBytes(text))
        .isInstanceOfSatisfying(
            InvalidValueException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.hint()).isEqualTo(hint == null ? Quantities.MEMORY_FORMS : hint);
            });
  }

  @ParameterizedTest
  @CsvSource({"1, 1m", "250, 250m", "1000, 1", "1500, 1500m", "2000, 2", "256000, 256"})
  void formatsCpuTheKubernetesWay(long millis, String text) {
    assertThat(Quantities.formatCpu(millis)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "536870912, 512Mi", "1073741824, 1Gi", "1610612736, 1536Mi", "1000000000, 1G",
    "4096000, 4096k", "1500000000, 1500M", "123456789, 123456789", "1099511627776, 1Ti",
    "4194304, 4Mi", "2048, 2Ki", "0, 0"
  })
  void formatsMemoryInTheShortestExactForm(long bytes, String text) {
    assertThat(Quantities.formatMemory(bytes)).isEqualTo(text);
  }
}
