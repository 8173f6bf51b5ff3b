package dev.berth.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.term.Term;

/** Formats a spec problem from the API as {@code file:line:col: path: message (hint)}. */
final class SpecProblems {
  private SpecProblems() {}

  static String format(JsonNode p, Term t) {
    StringBuilder b = new StringBuilder(p.path("file").asText());
    if (p.path("line").asInt() > 0) {
      b.append(':').append(p.path("line").asInt());
      if (p.path("column").asInt() > 0) {
        b.append(':').append(p.path("column").asInt());
      }
    }
    b.append(": ");
    String loc = b.toString();
    StringBuilder m = new StringBuilder();
    if (!p.path("path").asText().isEmpty()) {
      m.append(p.path("path").asText()).append(": ");
    }
    m.append(p.path("message").asText());
    String hint = p.path("hint").asText();
    return t.bold(loc) + m + (hint.isEmpty() ? "" : " " + t.cyan("(" + hint + ")"));
  }
}
