package dev.berth.artifacts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** {@link TailLines} agrees with reading the whole file and keeping its last lines. */
class TailLinesProperties {

  /**
   * The reference: every line of the text (a final newline ends the last one), last {@code max}.
   */
  static List<String> naive(String text, int max) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    if (text.isEmpty()) {
      lines.clear();
    }
    lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    return lines.subList(Math.max(0, lines.size() - max), lines.size());
  }

  @Property(tries = 300)
  void agreesWithReadingEverything(
      @ForAll @StringLength(max = 400) @Chars({'a', 'é', '\n', '\r', 'x', '€'}) String text,
      @ForAll @IntRange(min = 1, max = 50) int max,
      @ForAll @IntRange(min = 1, max = 70) int block)
      throws IOException {
    Path file = Files.createTempFile("tail", ".log");
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);

      assertThat(TailLines.read(file, max, Long.MAX_VALUE, block)).isEqualTo(naive(text, max));
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 100)
  void neverReadsMoreThanItsBudget(
      @ForAll @IntRange(min = 1, max = 2_000) int lineLength,
      @ForAll @IntRange(min = 1, max = 500) int budget)
      throws IOException {
    Path file = Files.createTempFile("tail", ".log");
    try {
      Files.writeString(file, "first\n" + "y".repeat(lineLength) + "\n");

      List<String> got = TailLines.read(file, 10, budget, 16);

      assertThat(got.stream().mapToInt(String::length).sum() + got.size())
          .isLessThanOrEqualTo(budget);
      if (budget >= lineLength + 7) {
        assertThat(got).containsExactly("first", "y".repeat(lineLength));
      }
    } finally {
      Files.delete(file);
    }
  }
}
