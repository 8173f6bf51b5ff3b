package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.model.ProjectSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the input, the parser returns a spec or throws a {@link SpecException} whose problems
 * point inside the input.
 */
class SpecParserProperties {

  @Property(tries = 2000)
  void anyTextGivesASpecOrLocatedProblems(@ForAll String yaml) {
    check(yaml);
  }

  @Property(tries = 2000)
  void yamlishCharactersGiveASpecOrLocatedProblems(@ForAll("yamlish") String yaml) {
    check(yaml);
  }

  @Property(tries = 1500)
  void randomStructuresGiveASpecOrLocatedProblems(@ForAll("documents") String yaml) {
    check(yaml);
  }

  @Property(tries = 1500)
  void mutationsOfAGoodSpecGiveASpecOrLocatedProblems(
      @ForAll("positions") int position, @ForAll("edits") String edit, @ForAll boolean delete) {
    String base = DesignExample.YAML;
    int at = position % (base.length() + 1);
    String yaml =
        delete && at < base.length()
            ? base.substring(0, at) + base.substring(Math.min(base.length(), at + edit.length()))
            : base.substring(0, at) + edit + base.substring(at);
    check(yaml);
  }

  static ProjectSpec check(String yaml) {
    try {
      return SpecParser.parse(new SpecSource("berth.yaml", yaml, "web: ./server\nworker: ./w\n"));
    } catch (SpecException e) {
      List<int[]> lines = lineLengths(yaml);
      for (Problem p : e.problems()) {
        assertThat(p.file()).isEqualTo("berth.yaml");
        String where = p + " in " + yaml.replace("\n", "⏎").replace("\r", "␍").replace("\t", "⇥");
        assertThat(p.line()).as(where).isBetween(1, lines.size());
        assertThat(p.column()).as(where).isBetween(1, lines.get(p.line() - 1)[0] + 1);
        assertThat(p.message()).isNotBlank();
        assertThat(p.hint()).as(p.toString()).isNotBlank();
      }
      return null;
    }
  }

  /**
   * Columns per line as SnakeYAML counts them: a line ends at \n, U+0085, U+2028, U+2029, or a \r
   * not followed by \n; a byte order mark takes no column.
   */
  static List<int[]> lineLengths(String text) {
    List<int[]> lines = new ArrayList<>();
    int length = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean lineBreak =
          cp == '\n'
              || cp == 0x85
              || cp == 0x2028
              || cp == 0x2029
              || (cp == '\r' && i < text.length() && text.charAt(i) != '\n');
      if (lineBreak) {
        lines.add(new int[] {length});
        length = 0;
      } else if (cp != 0xFEFF) {
        length++;
      }
    }
    lines.add(new int[] {length});
    return lines;
  }

  @Provide
  Arbitrary<String> yamlish() {
    return Arbitraries.strings()
        .withChars("abcw:-{}[],&*!|>'\"#%@`?<=~\t\n\r 0123456789.")
        .ofMaxLength(80)
        .map(s -> "project: shop\nservices:\n  web: " + s);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 2000);
  }

  @Provide
  Arbitrary<String> edits() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "\n",
            " ",
            "  ",
            ":",
            "- ",
            "{",
            "}",
            "[",
            "\"",
            "'",
            "&a ",
            "*a",
            "<<: *a\n",
            "#",
            "\t",
            "---\n",
            "x",
            "0",
            "\n  extra: 1\n",
            "\nweb: {}\n",
            "\u0000",
            "\uD800"),
        Arbitraries.strings().ofMaxLength(5));
  }

  @Provide
  Arbitrary<String> documents() {
    return node(3)
        .map(
            n -> {
              Map<Object, Object> top = new LinkedHashMap<>();
              top.put("project", "shop");
              top.put("services", n);
              if (n instanceof Map<?, ?> m && m.containsKey("environments")) {
                top.put("environments", m.get("environments"));
              }
              StringBuilder out = new StringBuilder();
              render(top, 0, out);
              return out.toString();
            });
  }

  private static final List<String> KEYS =
      List.of(
          "web",
          "worker",
          "report",
          "type",
          "command",
          "port",
          "replicas",
          "resources",
          "cpu",
          "memory",
          "env",
          "health",
          "http",
          "tcp",
          "exec",
          "interval",
          "timeout",
          "failureThreshold",
          "liveness",
          "schedule",
          "timezone",
          "concurrency",
          "environments",
          "staging",
          "target",
          "services",
          "release",
          "autoscale",
          "<<",
          "x-a",
          "PORT",
          "LOG",
          "Bad Key",
          "",
          "7",
          "'q'",
          "\"d\"",
          "? c");

  private static final List<String> SCALARS =
      List.of(
          "web",
          "worker",
          "cron",
          "250m",
          "0.5",
          "1Gi",
          "512MB",
          "2",
          "-1",
          "101",
          "true",
          "false",
          "none",
          "\"@daily\"",
          "\"0 2 * * *\"",
          "\"0 25 * *\"",
          "Europe/Paris",
          "Europe/Pari",
          "/health",
          "health",
          "~",
          "",
          "5s",
          "0s",
          "forbid",
          "local",
          "kubernetes",
          "\"x: y\"",
          "'it''s'",
          "|\n  block",
          "&a v",
          "*a",
          "!!str s",
          "1e9",
          ".inf",
          "0x1F",
          "2001-01-01",
          "\"\\u0000\"",
          "[]",
          "{}");

  private static Arbitrary<Object> node(int depth) {
    Arbitrary<Object> scalar = Arbitraries.of(SCALARS).map(s -> (Object) s);
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Object> map =
        Arbitraries.maps(Arbitraries.of(KEYS), node(depth - 1)).ofMaxSize(5).map(m -> (Object) m);
    Arbitrary<Object> list = node(depth - 1).list().ofMaxSize(3).map(l -> (Object) l);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, scalar),
        net.jqwik.api.Tuple.of(4, map),
        net.jqwik.api.Tuple.of(1, list));
  }

  private static void render(Object node, int indent, StringBuilder out) {
    String pad = " ".repeat(indent);
    if (node instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        out.append(pad).append("{}\n");
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.append(pad).append(e.getKey()).append(':');
        if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?>) {
          out.append('\n');
          render(e.getValue(), indent + 2, out);
        } else {
          out.append(' ').append(e.getValue()).append('\n');
        }
      }
    } else if (node instanceof List<?> l) {
      if (l.isEmpty()) {
        out.append(pad).append("[]\n");
      }
      for (Object item : l) {
        out.append(pad).append("-\n");
        render(item, indent + 2, out);
      }
    } else {
      out.append(pad).append(node).append('\n');
    }
  }
}
