package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The size limits hold wherever the oversized part sits: a line over the limit is refused at that
 * line (and never reaches the YAML parser), a value aliased too often is refused however it is
 * spread, and the problems stay inside the document.
 */
class SpecLimitsProperties {

  @Property(tries = 60)
  void aLineOverTheLimitIsRefusedAtThatLine(
      @ForAll @IntRange(min = 0, max = 2000) int position,
      @ForAll @IntRange(min = 1, max = 5000) int over,
      @ForAll @CharRange(from = 'a', to = 'z') char c) {
    String base = DesignExample.YAML;
    int at = base.indexOf('\n', position % base.length()) + 1;
    String line = "x-" + String.valueOf(c).repeat(SpecLimits.MAX_LINE_CHARS - 2 + over);
    String yaml = base.substring(0, at) + line + "\n" + base.substring(at);
    int lineNumber = (int) base.substring(0, at).chars().filter(ch -> ch == '\n').count() + 1;

    List<String> problems = SpecAssertions.problems(yaml);

    assertThat(problems)
        .containsExactly(
            "berth.yaml:"
                + lineNumber
                + ":65537: line "
                + lineNumber
                + " is "
                + (SpecLimits.MAX_LINE_CHARS + over)
                + " characters long, more than the limit of 64 KiB (break a long text over"
                + " several lines with a block scalar (key: |), or keep data out of the spec:"
                + " read it from a file in the app's directory)");
    SpecParserProperties.check(yaml);
  }

  @Property(tries = 40)
  void aValueIsAcceptedOrRefusedByItsSizeWithAliasesWrittenOut(
      @ForAll @IntRange(min = 1000, max = 60_000) int length,
      @ForAll @IntRange(min = 1, max = 200) int aliases) {
    StringBuilder y = new StringBuilder("x-v: &v " + SpecAssertions.literal('v', length, 2));
    y.append("project: shop\nservices:\n");
    for (int i = 0; i < aliases; i++) {
      y.append("  s").append(i).append(": {command: a, env: {V: *v}}\n");
    }
    long written = (long) (aliases + 1) * (length + 1); // the value's copies alone
    long overhead = 50L * (aliases + 2); // keys, the other values, the collections

    try {
      SpecParser.parse(SpecSource.of(y.toString()));
      assertThat(written).isLessThanOrEqualTo(SpecLimits.MAX_EXPANDED_CHARS);
    } catch (SpecException e) {
      assertThat(e.getMessage()).contains("with its aliases written out");
      assertThat(written + overhead).isGreaterThan(SpecLimits.MAX_EXPANDED_CHARS);
    }
    SpecParserProperties.check(y.toString());
  }
}
