package dev.berth.core.spec;

import static dev.berth.core.spec.SpecAssertions.parse;
import static dev.berth.core.spec.SpecAssertions.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed and hostile YAML: one clear problem at the parser's position, and never a hang. */
class YamlProblemsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "project: shop\\nservices:\\n\\tweb: {command: a}\\n"
            + " | berth.yaml:3:1: invalid YAML: a tab character where YAML expects spaces (indent"
            + " with spaces, not tabs)",
        "project: shop\\nservices:\\n  web: {command: a, schedule: */5 * * * *}\\n"
            + " | berth.yaml:3:31: invalid YAML: a value starting with '*' is read as an alias"
            + " (quote it, e.g. schedule: \"*/5 * * * *\")",
        "project: shop\\nservices:\\n  web: {command: a, schedule: @daily}\\n"
            + " | berth.yaml:3:31: invalid YAML: a plain value cannot start with '@' (quote the"
            + " value, e.g. schedule: \"@daily\")",
        "project: shop\\nservices:\\n  web:\\n    command: echo a: b\\n"
            + " | berth.yaml:4:20: invalid YAML: mapping values are not allowed here (quote values"
            + " that contain ': ', or check the indentation)",
        "project: shop\\nservices:\\n  web: {command: [a, b}\\n"
            + " | berth.yaml:3:23: invalid YAML: expected ',' or ']', but got } (while parsing a"
            + " flow sequence at 3:18) (check the indentation and the quoting near this"
            + " position)",
        "project: shop\\nservices:\\n  web: {command: *nothing}\\n"
            + " | berth.yaml:3:18: invalid YAML: alias '*nothing' refers to no anchor (define"
            + " '&nothing' before it, or quote a value that starts with '*')",
        "project: shop\\nservices:\\n  web: {command: a}\\n---\\nproject: other\\n"
            + " | berth.yaml:4:1: berth.yaml holds more than one YAML document (keep one document:"
            + " remove this '---' and what follows, or merge it into the first)",
        "\"\" | berth.yaml:1:1: berth.yaml is empty (start with 'project: <name>' and a"
            + " 'services:' map; see docs/spec.md)",
        "# just a comment\\n | berth.yaml:1:1: berth.yaml is empty (start with 'project: <name>'"
            + " and a 'services:' map; see docs/spec.md)",
        "- project: shop\\n | berth.yaml:1:1: berth.yaml must be a mapping with 'project' and"
            + " 'services', not a list (start with 'project: <name>' and a 'services:' map)",
        "project: shop\\nservices:\\n  web: {command: a\u0001}\\n | berth.yaml:3:19: character"
            + " U+0001 is not allowed in YAML (remove it; inside double quotes you may write it"
            + " as the escape \\u0001)",
        "project: shop\\nservices:\\n  web: &w\\n    <<: *w\\n    command: a\\n"
            + " | berth.yaml:3:8: services.web: merge key '<<' refers to the mapping that contains"
            + " it (merge a different anchor)",
        "project: shop\\nservices:\\n  web: {command: !<%20a> x}\\n"
            + " | berth.yaml:3:18: invalid YAML: Tag must not contain leading or trailing spaces."
            + " (berth.yaml needs no tags ('!name'); remove it, or quote a value that starts with"
            + " '!')",
        "project: shop\\nservices:\\n  ? [a, b]\\n  : {command: a}\\n"
            + " | berth.yaml:3:5: services: a key must be a plain name, not a list (write keys as"
            + " simple words, e.g. 'replicas:')",
      })
  void malformedYamlGivesOneProblemWhereTheParserStopped(String yaml, String expected) {
    assertThat(problems(yaml.replace("\\n", "\n").replace("\\t", "\t"))).containsExactly(expected);
  }

  @Test
  void windowsLineEndingsAndAByteOrderMarkAreFine() {
    assertThat(problems("\uFEFFproject: shop\r\nservices:\r\n  web: {command: a, replicas: x}\r\n"))
        .containsExactly(
            "berth.yaml:3:31: services.web.replicas: expected a whole number, got 'x' (replicas is"
                + " a whole number from 0 to 100)");
  }

  @Test
  void aBillionLaughsIsRefusedQuickly() {
    StringBuilder y = new StringBuilder("project: shop\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThat(problems(y.toString()))
                .containsExactly(
                    "berth.yaml:1:1: berth.yaml uses more than 50 aliases (repeat the settings"
                        + " instead of aliasing them this often)"));
  }

  @Test
  void mergeChainsAreFlattenedOnce() {
    // 14 levels, each merging the previous one twice: 16,384 merges without memoisation, and
    // under the expanded-size limit.
    assertThat(parse(mergeChain(14)).services().get("web").command()).isEqualTo("a");
  }

  @Test
  void aMergeChainThatWouldExpandBeyondTheLimitIsRefusedQuickly() {
    // 24 levels: written out, 2^24 copies of the first mapping.
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () ->
            assertThat(problems(mergeChain(24)))
                .singleElement()
                .asString()
                .contains("with its aliases written out, the spec would be larger than 2 MiB"));
  }

  private static String mergeChain(int levels) {
    StringBuilder y = new StringBuilder("project: shop\nx-0: &m0 {command: a}\n");
    for (int i = 1; i <= levels; i++) {
      y.append("x-").append(i).append(": &m").append(i).append(" {<<: [*m").append(i - 1);
      y.append(", *m").append(i - 1).append("]}\n");
    }
    return y.append("services:\n  web: {<<: *m").append(levels).append("}\n").toString();
  }

  @Test
  void deepNestingIsRefused() {
    assertThat(problems("project: shop\nservices: " + "[".repeat(10_000) + "\n"))
        .containsExactly(
            "berth.yaml:1:1: berth.yaml nests deeper than 32 levels (a spec needs only a few"
                + " levels; check the indentation)");
  }

  @Test
  void aHugeFileIsRefusedBeforeParsing() {
    String yaml = "project: shop\n#" + "x".repeat(1 << 20) + "\n";
    assertThat(problems(yaml))
        .containsExactly(
            "berth.yaml:1:1: berth.yaml is larger than 1 MiB (1048592 characters) (a spec this"
                + " large is a mistake; keep data and scripts out of it)");
  }

  @Test
  void yamlTagsDoNotConstructObjects() {
    assertThat(
            problems(
                "project: shop\nservices:\n  web: {command: !!javax.script.ScriptEngineManager"
                    + " [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]}\n"))
        .containsExactly(
            "berth.yaml:3:18: invalid YAML: the tag '!!javax.script.ScriptEngineManager' is not"
                + " allowed (remove the tag; a spec holds plain values only)");
  }
}
