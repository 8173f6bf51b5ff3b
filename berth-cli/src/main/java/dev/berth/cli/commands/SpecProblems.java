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

  /**
   * What to throw for an API failure: a spec with problems is listed, one per line, and becomes
   * exit 2 with {@code then}; any other failure stays as the server said it.
   */
  static RuntimeException orFailure(Term t, dev.berth.cli.client.ApiFailure f, String then) {
    if (f.code().equals("invalid_spec") && f.details() != null && f.details().isArray()) {
      t.say(
          t.red(
              "The spec has "
                  + f.details().size()
                  + (f.details().size() == 1 ? " problem:" : " problems:")));
      for (JsonNode p : f.details()) {
        t.say("  " + format(p, t));
      }
      return new dev.berth.cli.CliException(dev.berth.cli.CliException.INVALID, then);
    }
    return f.toCli();
  }
}
