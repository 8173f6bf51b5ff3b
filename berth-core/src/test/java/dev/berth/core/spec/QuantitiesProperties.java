package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class QuantitiesProperties {

  @Example
  void everyMillicoreRoundTripsInBothSpellings() {
    for (long millis = 1; millis <= Quantities.MAX_CPU_MILLIS; millis++) {
      String canonical = Quantities.formatCpu(millis);
      String cores = BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
      if (Quantities.parseCpuMillis(canonical) != millis
          || Quantities.parseCpuMillis(cores) != millis) {
        throw new AssertionError(millis + "m: " + canonical + " / " + cores);
      }
    }
  }

  @Property(tries = 5000)
  void everyByteCountRoundTrips(
      @ForAll @LongRange(min = Quantities.MIN_MEMORY_BYTES, max = Quantities.MAX_MEMORY_BYTES)
          long bytes) {
    String text = Quantities.formatMemory(bytes);

    assertThat(Quantities.parseMemoryBytes(text)).isEqualTo(bytes);
    assertThat(text.length()).isLessThanOrEqualTo(Long.toString(bytes).length());
  }

  @Property(tries = 3000)
  void roundNumbersGetASuffix(
      @ForAll @LongRange(min = 4, max = 1024) long n, @ForAll("multipliers") long multiplier) {
    long bytes = n * multiplier;
    String text = Quantities.formatMemory(bytes);

    assertThat(text).matches("[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)");
    if (bytes >= Quantities.MIN_MEMORY_BYTES && bytes <= Quantities.MAX_MEMORY_BYTES) {
      assertThat(Quantities.parseMemoryBytes(text)).isEqualTo(bytes);
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> multipliers() {
    return net.jqwik.api.Arbitraries.of(1L << 20, 1L << 30, 1_000_000L, 1_000_000_000L);
  }

  @Property(tries = 3000)
  void parsingAnyTextEitherSucceedsInRangeOrExplains(@ForAll String text) {
    try {
      long millis = Quantities.parseCpuMillis(text);
      assertThat(millis).isBetween(1L, Quantities.MAX_CPU_MILLIS);
    } catch (InvalidValueException e) {
      assertThat(e.problem()).isNotBlank();
      assertThat(e.hint()).isNotBlank();
    }
    try {
      long bytes = Quantities.parseMemoryBytes(text);
      assertThat(bytes).isBetween(Quantities.MIN_MEMORY_BYTES, Quantities.MAX_MEMORY_BYTES);
    } catch (InvalidValueException e) {
      assertThat(e.problem()).isNotBlank();
      assertThat(e.hint()).isNotBlank();
    }
  }

  @Property(tries = 3000)
  void durationsRoundTrip(@ForAll @LongRange(min = 0, max = 400_000_000_000L) long millis) {
    Duration d = Duration.ofMillis(millis);

    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @Property(tries = 3000)
  void parsingAnyTextAsADurationExplainsFailures(@ForAll String text) {
    try {
      assertThat(Durations.parse(text).isNegative()).isFalse();
    } catch (InvalidValueException e) {
      assertThat(e.hint()).isNotBlank();
    }
  }
}
