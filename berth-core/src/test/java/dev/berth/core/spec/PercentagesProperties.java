package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.CountOrPercent;
import dev.berth.core.model.Percent;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PercentagesProperties {

  @Property(tries = 3000)
  void everyPercentRoundTrips(@ForAll @IntRange(min = 0, max = 10_000) int basisPoints) {
    Percent p = new Percent(basisPoints);

    assertThat(Percentages.parse(p.toString())).isEqualTo(p);
    assertThat(Percentages.parse(" " + p + " ")).isEqualTo(p);
  }

  @Property(tries = 500)
  void everyCountOrPercentRoundTrips(
      @ForAll @IntRange(min = 0, max = 100) int value, @ForAll boolean percent) {
    CountOrPercent c = new CountOrPercent(value, percent);

    assertThat(Percentages.parseCountOrPercent(c.toString())).isEqualTo(c);
  }

  @Property(tries = 3000)
  void anyTextEitherParsesInRangeOrExplains(@ForAll String text) {
    try {
      Percent p = Percentages.parse(text);
      assertThat(p.basisPoints()).isBetween(0, 10_000);
    } catch (InvalidValueException e) {
      assertThat(e.problem()).isNotBlank();
      assertThat(e.hint()).isNotBlank();
    }
    try {
      CountOrPercent c = Percentages.parseCountOrPercent(text);
      assertThat(c.value()).isBetween(0, c.percent() ? 100 : SpecLimits.MAX_REPLICAS_PER_SERVICE);
    } catch (InvalidValueException e) {
      assertThat(e.problem()).contains(text.length() > 20 ? "" : text);
      assertThat(e.hint()).isNotBlank();
    }
  }

  @Property(tries = 2000)
  void percentagesRoundAsKubernetes(
      @ForAll @IntRange(min = 0, max = 100) int percent,
      @ForAll @IntRange(min = 0, max = 100) int desired) {
    CountOrPercent c = CountOrPercent.percentOf(percent);
    double exact = percent * desired / 100.0;

    assertThat(c.roundUp(desired)).isEqualTo((int) Math.ceil(exact));
    assertThat(c.roundDown(desired)).isEqualTo((int) Math.floor(exact));
    assertThat(c.roundDown(desired)).isBetween(0, desired);
  }

  @Property(tries = 2000)
  void aCountIgnoresTheDesiredCount(
      @ForAll @IntRange(min = 0, max = 100) int count,
      @ForAll @IntRange(min = 0, max = 100) int desired) {
    CountOrPercent c = CountOrPercent.count(count);

    assertThat(c.roundUp(desired)).isEqualTo(count);
    assertThat(c.roundDown(desired)).isEqualTo(count);
  }

  @Property(tries = 3000)
  void exceededByIsExact(
      @ForAll @IntRange(min = 0, max = 10_000) int basisPoints,
      @ForAll @IntRange(min = 0, max = 100_000) int part,
      @ForAll @IntRange(min = 1, max = 100_000) int whole) {
    boolean expected = (long) part * 10_000 > (long) basisPoints * whole;

    assertThat(new Percent(basisPoints).exceededBy(part, whole)).isEqualTo(expected);
  }

  @Example
  void kubernetesExamples() {
    // 25% of 10: surge 3 (2.5 rounded up), unavailable 2 (rounded down)
    assertThat(CountOrPercent.percentOf(25).roundUp(10)).isEqualTo(3);
    assertThat(CountOrPercent.percentOf(25).roundDown(10)).isEqualTo(2);
    assertThat(CountOrPercent.percentOf(25).roundDown(3)).isZero();
    assertThat(Percentages.parse("0.5%")).isEqualTo(new Percent(50));
    assertThat(Percentages.parse("12.25%")).hasToString("12.25%");
    assertThat(Percentages.parse("100%")).isEqualTo(Percent.of(100));
  }
}
