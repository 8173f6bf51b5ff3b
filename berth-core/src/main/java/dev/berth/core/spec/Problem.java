package dev.berth.core.spec;

import java.util.Objects;

/**
 * One thing wrong with a spec, located precisely so an editor or a person can jump to it.
 *
 * @param file the file name as the user gave it ({@code berth.yaml}, {@code Procfile})
 * @param line 1-based line, {@code 0} when the problem concerns the whole file
 * @param column 1-based column, {@code 0} when unknown
 * @param path the key path in the document, such as {@code services.web.resources.cpu}; empty for
 *     the document itself
 * @param message what is wrong, in one sentence, naming the offending value
 * @param hint how to fix it (accepted forms, "did you mean ...?"), or empty
 */
public record Problem(String file, int line, int column, String path, String message, String hint) {

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    path = path == null ? "" : path;
    hint = hint == null ? "" : hint;
  }

  /** {@code berth.yaml:12:7: services.web.cpu: '0.5cores' is not a CPU quantity (hint)}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line);
      if (column > 0) {
        b.append(':').append(column);
      }
    }
    b.append(": ");
    if (!path.isEmpty()) {
      b.append(path).append(": ");
    }
    b.append(message);
    if (!hint.isEmpty()) {
      b.append(" (").append(hint).append(')');
    }
    return b.toString();
  }
}
