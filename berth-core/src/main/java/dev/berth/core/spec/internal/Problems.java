package dev.berth.core.spec.internal;

import dev.berth.core.spec.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects every problem found while reading one spec, so the user sees all of them at once.
 *
 * <p>Invariants: a problem reported twice (the same base value seen again while resolving an
 * environment) is kept once; {@link #sorted()} orders the spec file's problems first, then other
 * files (the Procfile), each by line, column and path; lines and columns are 1-based.
 */
public final class Problems {

  private final String fileName;
  private final Set<Problem> problems = new LinkedHashSet<>();

  public Problems(String fileName) {
    this.fileName = fileName;
  }

  /** The spec file's name as problems show it. */
  public String fileName() {
    return fileName;
  }

  /** A problem at a node of the spec file. */
  public void at(Node node, String path, String message, String hint) {
    at(node == null ? null : node.getStartMark(), path, message, hint);
  }

  /** A problem at a position the YAML library reported; {@code null} means the file start. */
  public void at(Mark mark, String path, String message, String hint) {
    int line = mark == null ? 1 : mark.getLine() + 1;
    int column = mark == null ? 1 : mark.getColumn() + 1;
    add(new Problem(fileName, line, column, path, message, hint));
  }

  /** A problem with an explicit position, possibly in another file. */
  public void add(Problem problem) {
    problems.add(problem);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** How many problems so far; lets a reader tell whether one step found anything. */
  public int count() {
    return problems.size();
  }

  /** The problems, spec file first, each file by position. */
  public List<Problem> sorted() {
    List<Problem> list = new ArrayList<>(problems);
    list.sort(
        Comparator.comparing((Problem p) -> !p.file().equals(fileName))
            .thenComparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::path)
            .thenComparing(Problem::message));
    return list;
  }
}
