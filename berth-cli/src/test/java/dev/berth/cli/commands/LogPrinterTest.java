package dev.berth.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.client.CliJson;
import dev.berth.cli.term.Term;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogPrinterTest {
  static final String PAGE =
      """
      {"lines":[\
      {"time":"2026-03-01T11:59:58.123456789Z","replicaId":"web-1","text":"hello"},\
      {"time":"2026-03-01T11:59:58.123456789Z","replicaId":"web-2","text":"quote \\" tab \\t é 💡 \\u0000"},\
      {"time":"2026-03-01T12:00:00.100Z","replicaId":"web-1","text":"","later":{"a":[1,2]}}\
      ],"cursor":"c1"}""";

  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final Term term =
      new Term(
          new PrintStream(bytes, true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          false,
          false);

  int print(boolean json, String page) throws IOException {
    return new LogPrinter(term, json)
        .printPage(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
  }

  String out() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonOutputIsEachLineObjectOfThePageAsTheApiWroteIt() throws IOException {
    assertThat(print(true, PAGE)).isEqualTo(3);
    List<String> expected = new ArrayList<>();
    for (JsonNode line : CliJson.mapper().readTree(PAGE).path("lines")) {
      expected.add(CliJson.mapper().writeValueAsString(line)); // what -o json printed before
    }
    assertThat(out().lines().toList()).isEqualTo(expected);
  }

  @Test
  void textOutputIsTimeReplicaAndText() throws IOException {
    assertThat(print(false, PAGE)).isEqualTo(3);
    String t1 = LogPrinter.TIME.format(Instant.parse("2026-03-01T11:59:58.123456789Z"));
    String t2 = LogPrinter.TIME.format(Instant.parse("2026-03-01T12:00:00.100Z"));
    assertThat(out().split("\n", -1))
        .containsExactly(
            t1 + " web-1 hello", t1 + " web-2 quote \" tab \t é 💡 \u0000", t2 + " web-1 ", "");
  }

  @Test
  void anEmptyPagePrintsNothingAndAPageThatIsNotAnObjectIsAnError() throws IOException {
    assertThat(print(false, "{\"lines\":[],\"cursor\":\"c\"}")).isZero();
    assertThat(out()).isEmpty();
    assertThatThrownBy(() -> print(false, "[1]")).isInstanceOf(IOException.class);
  }
}
