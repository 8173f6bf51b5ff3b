package dev.berth.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.core.model.ProjectSpec;
import java.util.List;

/** Shared helpers: parse a spec expecting success, or collect its problems as printed. */
final class SpecAssertions {

  private SpecAssertions() {}

  static ProjectSpec parse(String yaml) {
    return parse(yaml, null);
  }

  static ProjectSpec parse(String yaml, String procfile) {
    try {
      return SpecParser.parse(new SpecSource("berth.yaml", yaml, procfile));
    } catch (SpecException e) {
      throw new AssertionError("expected a valid spec, got:\n" + e.getMessage(), e);
    }
  }

  /** The problems exactly as a person sees them: {@code berth.yaml:3:5: path: message (hint)}. */
  static List<String> problems(String yaml) {
    return problems(yaml, null);
  }

  static List<String> problems(String yaml, String procfile) {
    SpecException e =
        catchThrowableOfType(
            SpecException.class,
            () -> SpecParser.parse(new SpecSource("berth.yaml", yaml, procfile)));
    assertThat(e).as("expected problems for:\n" + yaml).isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  /**
   * A literal block scalar ({@code |-} and its lines at {@code indent}) whose value is exactly
   * {@code chars} characters long, counting the line breaks between lines of at most 80 {@code c}.
   */
  static String literal(char c, int chars, int indent) {
    StringBuilder y = new StringBuilder("|-\n");
    int left = chars;
    while (left > 0) {
      int k = Math.min(80, left);
      if (left - k == 1) {
        k--;
      }
      y.append(" ".repeat(indent)).append(String.valueOf(c).repeat(k)).append('\n');
      left -= k + 1;
    }
    return y.toString();
  }
}
