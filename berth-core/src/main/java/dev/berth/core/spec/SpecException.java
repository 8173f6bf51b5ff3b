package dev.berth.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec that cannot be accepted, with every problem found (never only the first), ordered by
 * position in the file.
 */
public final class SpecException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public SpecException(List<Problem> problems) {
    super(summary(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a SpecException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String summary(List<Problem> problems) {
    String n = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return n
        + " in the spec:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
